/** An area's second row of navigation (Library · Sync · Packs…), as links so the address names the page. */
import { sectionHref, type Section } from '../shell/route';

export interface SubNavItem {
  /** What `active` names; a section unless the item links a part of one (`href`). */
  key: string;
  label: string;
  /** The link; by default the section named by `key`. */
  href?: string;
  /** Hidden when the user may not use it. */
  visible?: boolean;
}

export function SubNav({ label, items, active }: { label: string; items: readonly SubNavItem[]; active: string }) {
  return (
    <nav className="sub-nav" aria-label={label}>
      {items
        .filter((i) => i.visible !== false)
        .map((i) => (
          <a
            key={i.key}
            className={`sub-nav-link${i.key === active ? ' active' : ''}`}
            href={i.href ?? sectionHref(i.key as Section)}
            aria-current={i.key === active ? 'page' : undefined}
          >
            {i.label}
          </a>
        ))}
    </nav>
  );
}
