/**
 * Ant Design's selects keep an off-screen list of their options for screen readers (role=listbox,
 * id "<field>_list") without a name; the select's own input names it with aria-controls. Until the
 * library labels it, each such list takes the name of the input that controls it.
 */
export function nameSelectLists(root: HTMLElement = document.body): MutationObserver {
  const label = () => {
    for (const list of root.querySelectorAll<HTMLElement>('[role="listbox"]:not([aria-label]):not([aria-labelledby])')) {
      const owner = list.id ? root.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(list.id)}"]`) : null;
      const name = owner?.getAttribute('aria-label');
      if (name) list.setAttribute('aria-label', name);
    }
  };
  const observer = new MutationObserver(label);
  observer.observe(root, { childList: true, subtree: true });
  return observer;
}
