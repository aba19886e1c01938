import type { View } from './view.ts';

/**
 * The trail at the top of an office's staff pages: the admin dashboard · the office · (where a
 * page sits under a list) the way back to that list.
 */
export function OfficeAdminCrumbs({
  v,
  office,
  back,
}: {
  v: View;
  office: { slug: string; name: string };
  back?: { href: string; label: string } | undefined;
}) {
  return (
    <p class="crumbs">
      <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(`/admin/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a>
      {back ? (
        <>
          {' '}
          · <a href={v.href(back.href)}>{back.label}</a>
        </>
      ) : null}
    </p>
  );
}
