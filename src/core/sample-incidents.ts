import type { IncidentInput, Severity, Status } from './incident.js';

/**
 * Realistic sample incidents for the demo, tests and benchmarks: deterministic for a given
 * seed, so a run can be repeated and an incident found again by its unique name.
 */
export function prng(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  let s = h >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

const USERS = ['j.doe', 'a.smith', 'm.garcia', 'l.chen', 'p.okafor', 'r.novak', 's.ito', 'k.muller', 'f.rossi', 'n.haddad'];
const OWNERS = ['', '', 'analyst1', 'analyst2', 'soc-lead', 'tier2', 'ir-team'];
const HOSTS = ['WS-FIN-014', 'WS-HR-203', 'SRV-DB-02', 'LAPTOP-7781', 'SRV-WEB-11', 'VDI-0937', 'SRV-DC-01'];
const SUBJECTS = ['Invoice overdue', 'Password expires today', 'Shared document', 'Voicemail received', 'DHL delivery notice', 'Payroll update', 'MFA reset request'];
const MALWARE = ['Emotet', 'QakBot', 'AgentTesla', 'Cobalt Strike beacon', 'RedLine stealer', 'LockBit loader', 'AsyncRAT'];
const COUNTRIES = ['RU', 'CN', 'BR', 'NG', 'VN', 'IR', 'KP', 'US', 'NL'];

interface Kind {
  type: string;
  make: (rnd: () => number, user: string, host: string, ip: string) => { name: string; details: string; fields: Record<string, unknown> };
}

const KINDS: Kind[] = [
  {
    type: 'Phishing',
    make: (rnd, user) => {
      const subject = pick(rnd, SUBJECTS);
      return {
        name: `Phishing: "${subject}" reported by ${user}`,
        details: `User ${user} reported a suspicious email with subject "${subject}". The message contains a link to a credential harvesting page and an attachment.`,
        fields: { emailsubject: subject, reporteremailaddress: `${user}@example.com`, emailfrom: `no-reply@${pick(rnd, ['secure-docs', 'dhl-track', 'payro11'])}.example.net` },
      };
    },
  },
  {
    type: 'Malware',
    make: (rnd, user, host) => {
      const family = pick(rnd, MALWARE);
      return {
        name: `Malware: ${family} detected on ${host}`,
        details: `EDR detected ${family} on endpoint ${host} (logged-in user ${user}). Process tree shows execution from the user's Downloads folder.`,
        fields: { malwarefamily: family, devicename: host, filehash: Math.floor(rnd() * 2 ** 52).toString(16).padStart(13, '0') },
      };
    },
  },
  {
    type: 'Brute Force',
    make: (rnd, user, _host, ip) => {
      const attempts = 20 + Math.floor(rnd() * 2000);
      return {
        name: `Brute force: ${attempts} failed logins for ${user} from ${ip}`,
        details: `${attempts} failed authentication attempts against account ${user} from ${ip} (${pick(rnd, COUNTRIES)}) within 10 minutes on the VPN gateway.`,
        fields: { sourceip: ip, username: user, failedlogins: attempts },
      };
    },
  },
  {
    type: 'Data Exfiltration',
    make: (rnd, user, host, ip) => {
      const mb = 50 + Math.floor(rnd() * 20_000);
      return {
        name: `Data exfiltration: ${mb} MB uploaded from ${host} to ${ip}`,
        details: `DLP observed ${mb} MB leaving ${host} (user ${user}) to external address ${ip} over HTTPS to an unsanctioned cloud storage service.`,
        fields: { sourceip: ip, devicename: host, bytesout: mb * 1024 * 1024 },
      };
    },
  },
];

const STATUS_WEIGHTS: [Status, number][] = [['pending', 0.3], ['active', 0.35], ['done', 0.3], ['archive', 0.05]];

function weighted<T>(rnd: () => number, xs: [T, number][]): T {
  let r = rnd();
  for (const [x, w] of xs) if ((r -= w) < 0) return x;
  return xs[xs.length - 1]![0];
}

/** `count` incidents for `tenant`, over the 90 days before `now`; names end with a unique tag. */
export function sampleIncidents(tenant: string, count: number, now: number, start = 0): IncidentInput[] {
  const rnd = prng(`${tenant}:${start}`);
  const out: IncidentInput[] = [];
  for (let n = start; n < start + count; n++) {
    const kind = pick(rnd, KINDS);
    const user = pick(rnd, USERS);
    const host = pick(rnd, HOSTS);
    const ip = `${1 + Math.floor(rnd() * 222)}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}.${1 + Math.floor(rnd() * 253)}`;
    const made = kind.make(rnd, user, host, ip);
    const occurred = now - Math.floor(rnd() * 90 * 86_400_000);
    const created = occurred + Math.floor(rnd() * 3_600_000);
    out.push({
      name: `${made.name} [${tenant.toUpperCase()}-${String(n + 1).padStart(5, '0')}]`,
      type: kind.type,
      severity: Math.min(4, Math.floor(rnd() * 5)) as Severity,
      status: weighted(rnd, STATUS_WEIGHTS),
      owner: pick(rnd, OWNERS),
      occurred: new Date(occurred).toISOString(),
      created: new Date(Math.min(created, now)).toISOString(),
      labels: [{ type: 'Instance', value: pick(rnd, ['edr', 'mail-gw', 'vpn', 'dlp']) }, { type: 'Brand', value: pick(rnd, ['CrowdStrike', 'Proofpoint', 'Palo Alto', 'Netskope']) }],
      details: made.details,
      customFields: made.fields,
    });
  }
  return out;
}
