/** The same server and credentials, another database. */
export function dbUrlWithName(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
