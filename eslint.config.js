// ESLint for the project's browser scripts, run by `make lint` and `make test`: the app's
// (static/js), plain scripts loaded by the map page (or inlined), and the page-side probes of
// the browser tests and benchmarks (tests/support/js, benchmarks/js), each one function
// expression that Playwright evaluates in the page. No modules; Leaflet's `L` global.
const js = require("@eslint/js");

const RULES = {
  "no-implicit-globals": "error",
  "no-unused-vars": ["error", { caughtErrors: "none" }],
  "no-shadow": "error",
  eqeqeq: "error",
};

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
    rules: RULES,
  },
  {
    files: ["tests/support/js/**/*.js", "benchmarks/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: {
        L: "readonly",
        map: "readonly",
        window: "readonly",
        document: "readonly",
        WebSocket: "readonly",
        MutationObserver: "readonly",
        requestAnimationFrame: "readonly",
        getComputedStyle: "readonly",
        setTimeout: "readonly",
        performance: "readonly",
      },
    },
    rules: RULES,
  },
];
