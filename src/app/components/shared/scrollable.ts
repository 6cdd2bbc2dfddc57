// A region that scrolls must be reachable by keyboard to be scrolled (WCAG 2.1.1): it gets a tab stop, but
// only while its content overflows, so short values add none. A ResizeObserver sees the region reach its
// max-height (it then scrolls) or shrink back, after layout, so it costs nothing per keystroke.
import type { Attachment } from 'svelte/attachments';

export const focusableWhenScrollable: Attachment<HTMLElement> = (element) => {
  const update = () => {
    const scrolls = element.scrollHeight > element.clientHeight + 1 || element.scrollWidth > element.clientWidth + 1;
    if (scrolls) element.tabIndex = 0;
    else element.removeAttribute('tabindex');
  };
  const observer = new ResizeObserver(update);
  observer.observe(element);
  return () => observer.disconnect();
};
