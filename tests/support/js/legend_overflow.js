// The text of every legend entry whose right edge runs past the #column box.
() => {
  const box = document.querySelector('#column').getBoundingClientRect();
  return Array.from(document.querySelectorAll('.ev-legend .item, .ev-legend b'))
    .filter(e => e.getBoundingClientRect().right > box.right + 0.5)
    .map(e => e.textContent);
}
