// 1. Capture throughput: hookscope's receiver (capturing and persisting) vs a bare node:http server.
// The machine is shared, so the two are measured in alternating rounds (best round of each counts),
// and the server's own CPU time per request is reported beside the rate: it does not depend on what
// else runs.
import autocannon from 'autocannon';
import { cpuSeconds, startBare, startServe, type Proc } from './procs';
import type { Figure } from './report';

// Every webhook a distinct event, as real senders send them (one id repeated would make every request
// a duplicate of one match group). autocannon's own idReplacement announces a wrong Content-Length.
let seq = 0;
const body = (): string => JSON.stringify({ id: `evt_${(seq++).toString().padStart(10, '0')}`, type: 'lead.replied', data: { note: 'z'.repeat(940) } });
const BODY_BYTES = Buffer.byteLength(body());

interface Round {
  rps: number;
  cpuUsPerReq: number;
  non2xx: number;
  errors: number;
}

async function load(p: Proc & { url: string }, seconds: number): Promise<Round> {
  const pid = p.child.pid ?? 0;
  const cpu0 = cpuSeconds(pid);
  const r = await autocannon({
    url: `${p.url}/hooks/bench`, connections: 10, duration: seconds,
    requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  const cpu = cpuSeconds(pid) - cpu0;
  return { rps: r.requests.average, cpuUsPerReq: (cpu * 1e6) / Math.max(1, r.requests.total), non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

async function round(start: () => Promise<Proc & { url: string }>, seconds: number): Promise<Round> {
  const p = await start();
  try {
    await load(p, 2); // warm-up: JIT, sockets
    return await load(p, seconds);
  } finally {
    await p.stop();
  }
}

const startHook = async (): Promise<Proc & { url: string }> => {
  const s = await startServe(['--no-demo']);
  return { ...s, url: s.receiverUrl };
};

export async function throughput(seconds = 8, rounds = 2): Promise<Figure[]> {
  const bare: Round[] = [];
  const hook: Round[] = [];
  for (let i = 0; i < rounds; i++) {
    bare.push(await round(startBare, seconds));
    hook.push(await round(startHook, seconds));
  }
  const best = (rs: Round[]): Round => rs.reduce((a, b) => (b.rps > a.rps ? b : a));
  const b = best(bare);
  const h = best(hook);
  const failures = hook.reduce((n, r) => n + r.non2xx + r.errors, 0);
  const ratio = h.rps / b.rps;
  const B = 'Capture throughput';
  return [
    { bench: B, name: `bare node:http (baseline), ${BODY_BYTES} B JSON, 10 connections`, value: `${Math.round(b.rps)} req/s, ${b.cpuUsPerReq.toFixed(0)} µs CPU/req`, target: '—', met: undefined },
    { bench: B, name: 'hookscope receiver, captured + persisted', value: `${Math.round(h.rps)} req/s, ${h.cpuUsPerReq.toFixed(0)} µs CPU/req (${failures} non-2xx or errors)`, target: '—', met: undefined },
    { bench: B, name: 'ratio hookscope / bare (req/s; CPU per request)', value: `${ratio.toFixed(2)}; ${(b.cpuUsPerReq / h.cpuUsPerReq).toFixed(2)}`, target: '≥ 0.70', met: ratio >= 0.7 && failures === 0 },
  ];
}
