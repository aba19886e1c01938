import type { OfficeHomeSection } from '../../core/views/home-section.ts';
import { newPath, publicPath } from './paths.ts';

/**
 * Youth initiatives on the office's home page: what the office offers and the ways to the
 * published initiatives and to a new proposal. It shows no initiative itself, so the cached
 * home page needs no tag of theirs.
 */
export const initiativesSection: OfficeHomeSection = {
  order: 27,
  tags: () => [],
  render: async (v, office) => (
    <section aria-labelledby="initiatives-home">
      <h2 id="initiatives-home">{v.t('init.title')}</h2>
      <p>{v.t('init.new.lead')}</p>
      <p>
        <a href={v.href(newPath(office))}>{v.t('init.new')}</a> ·{' '}
        <a href={v.href(publicPath(office))}>{v.t('init.public.title', { office: v.tx(office.name) })}</a>
      </p>
    </section>
  ),
};
