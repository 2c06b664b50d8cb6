import { useStaffI18n, type StaffKey } from "../../../i18n/staff";

// Django admin's pages (a full page load: they are not part of this app).
const ENTRIES: readonly { href: string; label: StaffKey }[] = [
  { href: "/admin/regions/region/", label: "admin.regions" },
  { href: "/admin/accounts/user/", label: "admin.users" },
  { href: "/admin/accounts/membership/", label: "admin.memberships" },
  { href: "/admin/complaints/category/", label: "admin.categories" },
  { href: "/admin/sla/slapolicy/", label: "admin.slaPolicies" },
  { href: "/admin/sla/calendarday/", label: "admin.calendar" },
  { href: "/admin/notifications/notification/", label: "admin.notifications" },
  { href: "/api/docs/", label: "admin.apiDocs" },
];

/** The admin's home: where the service is configured. */
export default function AdminPage() {
  const { t } = useStaffI18n();
  return (
    <section class="page" aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.title")}</h1>
      <p>{t("admin.intro")}</p>
      <ul class="cards cards--list" aria-labelledby="admin-title">
        {ENTRIES.map((entry) => (
          <li class="card card--link" key={entry.href}>
            <a class="card__title" href={entry.href}>
              {t(entry.label)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
