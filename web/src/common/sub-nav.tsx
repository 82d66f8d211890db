/** An area's second row of navigation (Library · Sync · Packs…), as links so the address names the page. */
import { sectionHref, type Section } from '../shell/route';

export interface SubNavItem {
  section: Section;
  label: string;
  /** Hidden when the user may not use it. */
  visible?: boolean;
}

export function SubNav({ label, items, active }: { label: string; items: readonly SubNavItem[]; active: Section }) {
  return (
    <nav className="sub-nav" aria-label={label}>
      {items
        .filter((i) => i.visible !== false)
        .map((i) => (
          <a key={i.section} className={`sub-nav-link${i.section === active ? ' active' : ''}`} href={sectionHref(i.section)} aria-current={i.section === active ? 'page' : undefined}>
            {i.label}
          </a>
        ))}
    </nav>
  );
}
