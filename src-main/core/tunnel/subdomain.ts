// The public localtunnel server answers an invalid name with a 403 that the client would retry forever,
// so names are checked here, with the server's own rule, before anything is sent.
const SUBDOMAIN_RULE = /^(?:[a-z0-9][a-z0-9-]{4,63}[a-z0-9]|[a-z0-9]{4,63})$/;

export function validateSubdomain(name: string): string | undefined {
  if (name.length === 0) return 'the subdomain is empty';
  if (/[A-Z]/.test(name)) return `subdomain '${name}' has upper-case letters; use lower-case a-z, 0-9 and '-'`;
  if (name.length < 4) return `subdomain '${name}' is too short: at least 4 characters`;
  if (name.length > 63) return `subdomain '${name}' is too long: at most 63 characters`;
  if (!SUBDOMAIN_RULE.test(name) && /^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(name)) {
    return `subdomain '${name}' is too short for a name with '-': at least 6 characters`;
  }
  if (!SUBDOMAIN_RULE.test(name)) {
    return `subdomain '${name}' is not allowed: use only a-z, 0-9 and '-', not starting or ending with '-'`;
  }
  return undefined;
}
