/**
 * For keyboard tests in jsdom. jsdom has no layout, and Fluent's keyboard navigation (tabster) skips
 * whatever looks invisible: give elements a layout, hidden ones (in a [hidden] panel) none, as a browser
 * would. Returns the function that undoes it.
 */
export function withLayout(): () => void {
  const offsetParent = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "offsetParent");
  const rect = HTMLElement.prototype.getBoundingClientRect;
  Object.defineProperty(HTMLElement.prototype, "offsetParent", {
    configurable: true,
    get(this: HTMLElement) {
      return this.closest("[hidden]") ? null : this.parentElement;
    },
  });
  HTMLElement.prototype.getBoundingClientRect = () =>
    ({ x: 0, y: 0, width: 100, height: 20, top: 0, left: 0, right: 100, bottom: 20, toJSON: () => ({}) }) as DOMRect;
  return () => {
    if (offsetParent) Object.defineProperty(HTMLElement.prototype, "offsetParent", offsetParent);
    HTMLElement.prototype.getBoundingClientRect = rect;
  };
}
