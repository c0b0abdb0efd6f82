// ESLint for the project's browser scripts (static/js), run by `make lint` and `make test`.
// They are plain scripts loaded by the map page (or inlined): no modules, Leaflet's `L` global.
const js = require("@eslint/js");

module.exports = [
  js.configs.recommended,
  {
    files: ["static/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: {
        L: "writable",
        window: "readonly",
        document: "readonly",
        navigator: "readonly",
        console: "readonly",
        fetch: "readonly",
        setTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        URLSearchParams: "readonly",
      },
    },
    rules: {
      "no-implicit-globals": "error",
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      "no-shadow": "error",
      eqeqeq: "error",
    },
  },
];
