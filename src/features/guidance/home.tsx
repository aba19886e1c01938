import type { OfficeHomeSection } from '../../core/views/home-section.ts';

/**
 * Career guidance on the office's home page: what it is and the way to the free slots. It
 * shows no slots itself, so the cached home page never shows a slot someone has just booked
 * (the slots page is never cached).
 */
export const guidanceSection: OfficeHomeSection = {
  order: 25,
  tags: () => [],
  render: async (v, office) => (
    <section aria-labelledby="guidance-home">
      <h2 id="guidance-home">{v.t('guid.home.title')}</h2>
      <p>{v.t('guid.home.lead')}</p>
      <p>
        <a href={v.href(`/kancelarije/${office.slug}/savetovanje`)}>{v.t('guid.home.book')}</a>
      </p>
    </section>
  ),
};
