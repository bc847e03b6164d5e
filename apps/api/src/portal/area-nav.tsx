/**
 * The links between the pages of one area — the agents' desk, the partners' area, a landlord's
 * administration — as a list under a labelled `nav`, the page being read marked `aria-current="page"`.
 * `links` are `[href, label]` pairs in display order; `current` is the href of the page being read (a link
 * whose href differs is never marked). `class` is the list's style (`area-nav` unless told).
 */
export function AreaNav(props: {
  label: string;
  links: readonly (readonly [string, string])[];
  current: string;
  class?: string;
}) {
  return (
    <nav aria-label={props.label} class={props.class ?? 'area-nav'}>
      <ul>
        {props.links.map(([href, label]) => (
          <li key={href}>
            <a href={href} aria-current={href === props.current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
