/** Placeholder while the area is built. */
import type { SectionProps } from '../shell/section';

export function AdminArea({ section }: SectionProps) {
  return <section className="panel empty-state"><h1>{section}</h1></section>;
}
