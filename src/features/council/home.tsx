import type { OfficeHomeSection } from '../../core/views/home-section.ts';
import { publicPath } from './views.tsx';

/**
 * The youth council on the office's home page: the way to its members and adopted minutes. It
 * shows nothing that changes, so the cached home page needs no tag of the council's writes.
 */
export const councilSection: OfficeHomeSection = {
  order: 40,
  tags: () => [],
  render: async (v, office) => (
    <section aria-labelledby="council-home">
      <h2 id="council-home">{v.t('council.title')}</h2>
      <p>{v.t('council.home.lead')}</p>
      <p>
        <a href={v.href(publicPath(office))}>{v.t('council.home.link')}</a>
      </p>
    </section>
  ),
};
