import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface MenuItem {
  id: string;
  label: string;
  /** A panel the item shows or hides: announced as a checked/unchecked menu item. */
  checked?: boolean;
  onSelect: () => void;
}

interface Props {
  /** The button's accessible name, e.g. "Actions for db". */
  label: string;
  /** What the button shows (an ellipsis by default). */
  children?: ReactNode;
  items: readonly MenuItem[];
  className?: string;
}

/**
 * The WAI-ARIA menu button: Enter, Space or Down opens the menu on its first item, Up on its last;
 * in the menu Up/Down move (wrapping), Home/End jump, a letter moves to the next item starting with
 * it, Enter/Space choose, Escape closes and Tab leaves; focus returns to the button after a choice.
 */
export function MenuButton({ label, children, items, className }: Props) {
  const id = useId();
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const [up, setUp] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const itemEls = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];

  // Opened: focus the first or last item; open upwards when the viewport has no room below.
  useLayoutEffect(() => {
    if (!open || !menu.current) return;
    const box = menu.current.getBoundingClientRect();
    const below = window.innerHeight - (button.current?.getBoundingClientRect().bottom ?? 0);
    setUp(below < box.height + 8 && (button.current?.getBoundingClientRect().top ?? 0) > box.height + 8);
    const all = itemEls();
    (open === 'last' ? all[all.length - 1] : all[0])?.focus();
  }, [open]);

  // A click anywhere else closes it (focus stays where the click put it).
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(e.key === 'ArrowUp' ? 'last' : 'first');
    }
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = itemEls();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(all.length - 1);
    else if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') return setOpen(false);
    else if (e.key.length === 1 && /\S/.test(e.key)) {
      const k = e.key.toLowerCase();
      const order = [...all.slice(at + 1), ...all.slice(0, at + 1)];
      order.find((el) => el.textContent?.trim().toLowerCase().startsWith(k))?.focus();
    } else return;
    e.preventDefault();
  };

  return (
    <span className={`menu-button ${className ?? ''}`}>
      <button
        ref={button}
        type="button"
        id={`${id}-button`}
        className="menu-trigger"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open !== false}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => (open ? close(false) : setOpen('first'))}
        onKeyDown={onButtonKey}
      >
        {children ?? <span aria-hidden="true">⋯</span>}
      </button>
      {open && (
        <div ref={menu} id={`${id}-menu`} role="menu" aria-labelledby={`${id}-button`} className={up ? 'menu menu-up' : 'menu'} onKeyDown={onMenuKey}>
          {items.map((item) => (
            <div
              key={item.id}
              role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
              aria-checked={item.checked}
              tabIndex={-1}
              className="menu-item"
              onClick={() => {
                close(true);
                item.onSelect();
              }}
              onKeyDown={(e) => {
                if (e.key !== 'Enter' && e.key !== ' ') return;
                e.preventDefault();
                e.stopPropagation();
                close(true);
                item.onSelect();
              }}
            >
              <span className="menu-check" aria-hidden="true">
                {item.checked ? '✓' : ''}
              </span>
              {item.label}
            </div>
          ))}
        </div>
      )}
    </span>
  );
}
