// Masking the credentials of URL-like text for anything a person sees: error messages and
// input fields. The report's redactor (src/report/redact*.ts) does the same for bundles.

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const MASK = '***';

/**
 * Where the userinfo ends in `rest` (the text after the scheme): its last `@`, or -1 when the `@`
 * belongs to a path. Too much is masked rather than a password shown: a password may hold an
 * unencoded `@`, `/`, `?` or `#`, which makes the URL fail to parse or end its authority early.
 */
function userinfoEnd(rest: string, scheme: string): number {
  const last = rest.lastIndexOf('@');
  if (last < 0 || scheme === '') return last;
  try {
    const parsed = new URL(`${scheme}${rest}`);
    return parsed.username === '' && parsed.password === '' ? -1 : last;
  } catch {
    return last;
  }
}

function maskedUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  const user = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
  // The user name is kept (`user:***`); with an `@` of its own it may be part of a password.
  if (user.includes('@')) return MASK;
  return colon >= 0 ? `${user}:${MASK}` : user;
}

/**
 * One URL-ish value (`http://user:pass@proxy:3128`, `user:pass@proxy:3128`, or half typed) with
 * everything before its last `@` masked: `user:***@proxy:3128`. A password with an unencoded `@`
 * or `/` is masked whole; a URL without userinfo (`https://host/a@b`) is left as it is.
 */
export function maskUrlUserinfo(value: string): string {
  const scheme = SCHEME.exec(value)?.[0] ?? '';
  const rest = value.slice(scheme.length);
  const end = userinfoEnd(rest, scheme);
  return end < 0 ? value : `${scheme}${maskedUserinfo(rest.slice(0, end))}${rest.slice(end)}`;
}

/**
 * A value as it is being typed: as `maskUrlUserinfo`, and before any `@` is typed, what follows
 * the first `:` after the host is masked unless it reads as a port (`proxy:3128`), so a
 * password does not show letter by letter.
 */
export function maskTypedUrl(value: string): string {
  const scheme = SCHEME.exec(value)?.[0] ?? '';
  const rest = value.slice(scheme.length);
  if (rest.includes('@')) return maskUrlUserinfo(value);
  const authority = rest.split(/[/?#]/, 1)[0] ?? '';
  const colon = authority.indexOf(':');
  if (colon < 0 || /^\d{0,5}$/.test(authority.slice(colon + 1))) return value;
  return `${scheme}${authority.slice(0, colon)}:${MASK}${rest.slice(authority.length)}`;
}

/** Free text (an error message): every URL-like word's userinfo masked, as `maskUrlUserinfo` does. */
export function maskUserinfoIn(text: string): string {
  // `[user:password@]` is the usage pattern (`http://[user:password@]proxy:3128`), never a URL.
  return text.replace(/[^\s'"<>`]*@[^\s'"<>`]*/g, (word) => (word.includes('[user:password@]') ? word : maskUrlUserinfo(word)));
}
