/**
 * A demo's own page: the link back to its chapter carries the demo's current settings (the
 * query, which the demo keeps up to date), so the chapter opens on the same set-up.
 */
for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-chapter-link]')) {
  link.addEventListener('click', () => {
    const target = new URL(link.href);
    target.search = location.search;
    link.href = target.href;
  });
}
