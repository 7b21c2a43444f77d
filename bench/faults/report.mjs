// The tables of `bench/run.sh faults`, from what the run left in its directory (argument 1):
//   load.txt       every answer: "<sent ms> <answered ms> <broker> <principal index> <status> <problem type>"
//   phases.txt     "<name> <start ms> <end ms> <label>": the windows requests are counted in, by the time sent
//   kills.txt      "<kill ms> <instance killed> <broker> <live again ms>"
//   outages.txt    "<name> <down ms> <up ms>": when PostgreSQL and Redis were down
//   principals.txt the connections, in the load's index order (faults-user-<n>@example.com is Zoom user zu-<n>)
//   sweep.txt      the last answer for each connection: "<principal index> <status> <problem type>"
//   zoom-oauth.log the mock's refresh log (JSON lines); mock-stats.json its counters
// Prints Markdown.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const lines = (name) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean) : []);
const answers = lines('load.txt').map((l) => {
  const [sent, done, broker, index, status, type] = l.split(' ');
  return { sent: +sent, done: +done, broker: +broker, index: +index, status: +status, type };
}).sort((a, b) => a.sent - b.sent);
const phases = lines('phases.txt').map((l) => {
  const [name, start, end, ...label] = l.split(' ');
  return { name, start: +start, end: +end, label: label.join(' ') };
});
const kills = lines('kills.txt').map((l) => {
  const [at, instance, broker, live] = l.split(' ');
  return { at: +at, instance, broker: +broker, live: +live };
});
const outages = Object.fromEntries(lines('outages.txt').map((l) => {
  const [name, down, up] = l.split(' ');
  return [name, { down: +down, up: +up }];
}));
const principals = lines('principals.txt');
const userOf = (index) => `zu-${principals[index].match(/faults-user-(\d+)@/)[1]}`;
const sweep = lines('sweep.txt').map((l) => {
  const [index, status, type] = l.split(' ');
  return { index: +index, status: +status, type };
});
const events = lines('zoom-oauth.log').map((l) => JSON.parse(l));
const stats = existsSync(join(dir, 'mock-stats.json')) ? JSON.parse(readFileSync(join(dir, 'mock-stats.json'), 'utf8')) : {};

const killedAt = new Map(kills.map((k) => [k.instance, k.at]));
/** How long after a rotation a kill of the process it answered still counts as "while the refresh was in flight". */
const IN_FLIGHT = 15_000;
/**
 * How much later than the kill the mock may take a refresh that the killed process sent: a request written before the
 * process died can wait in the mock's queue (a dead process sends nothing, so any rotation for it was asked before).
 */
const MOCK_LAG = 5_000;
// Every presentation of a rotated refresh token, and whether a kill explains it: the process that got the rotation
// was killed within IN_FLIGHT after it, and neither the new refresh token nor the new access token was ever used.
const presentations = events.filter((e) => e.kind === 'used_twice').map((e) => {
  const kill = killedAt.get(e.rotatedBy);
  const inFlight = kill !== undefined && e.rotatedAt - kill <= MOCK_LAG && kill - e.rotatedAt <= IN_FLIGHT
    && !e.newAccessUsed && !e.newRefreshUsed;
  return { ...e, kill, inFlight };
});
// One entry per refresh token used twice (a lost token can be presented again after a second kill): its first use.
const usedTwice = [...new Map(presentations.map((e) => [`${e.user} ${e.old}`, e])).values()]
  .map((e) => presentations.find((p) => p.user === e.user && p.old === e.old));
const refusedUsers = new Set(events.filter((e) => e.kind === 'used_twice' || e.kind === 'unknown').map((e) => e.user));
const lostUsers = new Set(usedTwice.filter((e) => e.inFlight).map((e) => e.user));

const inPhase = (p, t) => t >= p.start && t < p.end;
const phaseOf = (t) => phases.find((p) => inPhase(p, t));
const seconds = (ms) => (ms / 1000).toFixed(1);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const good = (a) => a.status === 200 || (a.status === 409 && a.type === 'reauthorization-required');

// When each connection was first answered 409 reauthorization-required (by the time the request was sent).
const firstReauth = new Map();
for (const a of answers) {
  if (a.status === 409 && !firstReauth.has(a.index)) firstReauth.set(a.index, a.sent);
}
for (const s of sweep) {
  if (s.status === 409 && !firstReauth.has(s.index)) firstReauth.set(s.index, Infinity);
}

/** The time from `from` until answers are all 200 or 409 again: the last failed request sent in the window, + 1 ms. */
function recovery(from, until) {
  const inWindow = answers.filter((a) => a.sent >= from && a.sent < until);
  const failed = inWindow.filter((a) => !good(a));
  return failed.length === 0 ? 0 : failed[failed.length - 1].sent - from;
}

const out = [];
out.push('| fault | window s | requests | 200 | 409 reauthorization-required | 503 | 504 | other 5xx | other 4xx | no answer (refused, reset, timeout) |');
out.push('|---|---|---|---|---|---|---|---|---|---|');
for (const p of phases) {
  const mine = answers.filter((a) => inPhase(p, a.sent));
  const count = (f) => mine.filter(f).length;
  out.push(`| ${p.label} | ${seconds(p.end - p.start)} | ${mine.length} | ${count((a) => a.status === 200)} | `
    + `${count((a) => a.status === 409)} | ${count((a) => a.status === 503)} | ${count((a) => a.status === 504)} | `
    + `${count((a) => a.status >= 500 && a.status !== 503 && a.status !== 504)} | `
    + `${count((a) => a.status >= 400 && a.status < 500 && a.status !== 409)} | ${count((a) => a.status === 0)} |`);
}
out.push('');

out.push('| fault | what was done | time to recover | 5xx other than 503 (target 0 during the database outage) | connections newly reauthorization_required | of them with no refusal by the mock (target 0) | refresh tokens used twice (the mock) | of them lost mid-refresh at a kill | others (target 0) |');
out.push('|---|---|---|---|---|---|---|---|---|');
for (const p of phases) {
  const mine = answers.filter((a) => inPhase(p, a.sent));
  const other5xx = mine.filter((a) => a.status >= 500 && a.status !== 503).length;
  const newly = [...firstReauth.entries()].filter(([, t]) => (t === Infinity ? p === phases[phases.length - 1] : inPhase(p, t)));
  const unrefused = newly.filter(([index]) => !refusedUsers.has(userOf(index))).length;
  const twice = usedTwice.filter((e) => inPhase(p, e.t));
  const lost = twice.filter((e) => e.inFlight);
  let done = '-';
  let recover = '-';
  if (p.name === 'kills') {
    const mineKills = kills.filter((k) => inPhase(p, k.at));
    const restarted = mineKills.map((k) => {
      const first = answers.find((a) => a.broker === k.broker && a.sent > k.at && a.status === 200);
      return first ? first.done - k.at : NaN;
    }).filter((x) => !Number.isNaN(x));
    done = `${mineKills.length} SIGKILLs, the brokers in turn, each restarted at once`;
    recover = `first 200 from the restarted broker: median ${seconds(median(restarted))} s, max ${seconds(Math.max(...restarted))} s; `
      + `all answers 200/409 again ${seconds(recovery(mineKills.length ? mineKills[mineKills.length - 1].at : p.start, p.end))} s after the last kill`;
  } else if (outages[p.name]) {
    const o = outages[p.name];
    done = `${p.name === 'postgres' ? 'PostgreSQL stopped (fast shutdown) and started' : 'Redis stopped and started'}: down ${seconds(o.up - o.down)} s`;
    recover = `${seconds(recovery(o.down, p.end))} s from the stop (${seconds(Math.max(0, recovery(o.down, p.end) - (o.up - o.down)))} s after it was back)`;
  }
  out.push(`| ${p.label} | ${done} | ${recover} | ${other5xx} | ${newly.length} | ${unrefused} | ${twice.length} | ${lost.length} | ${twice.length - lost.length} |`);
}
out.push('');

const finalReauth = sweep.filter((s) => s.status === 409).length;
const finalOk = sweep.filter((s) => s.status === 200).length;
out.push(`- Connections at the end (one request each after the load): ${finalOk} answered 200, ${finalReauth} `
  + `409 reauthorization-required, ${sweep.length - finalOk - finalReauth} other; of the 409s, `
  + `${[...firstReauth.keys()].filter((i) => lostUsers.has(userOf(i))).length} lost mid-refresh at a kill and `
  + `${[...firstReauth.keys()].filter((i) => !refusedUsers.has(userOf(i))).length} with no refusal by the mock.`);
out.push(`- The mock: ${stats.codeExchanges} code exchanges, ${stats.refreshes} refreshes (each rotating), `
  + `${stats.refreshAnswersLost} refresh answers whose connection closed before the answer went out, `
  + `${stats.usedTwice} rotated refresh tokens presented again (${stats.usedTwicePresentations} times), `
  + `${stats.unknownRefreshTokens} unknown refresh tokens, ${stats.expiredAccessTokens} expired and `
  + `${stats.unknownAccessTokens} unknown access tokens presented, ${stats.userTokens} tokens minted.`);
const upSince = new Map();
for (const k of kills) {
  const [b, g] = k.instance.slice(1).split('-g');
  upSince.set(`b${b}-g${+g + 1}`, k.live);
}
out.push(`- Per kill, seconds the killed broker had been answering, and connections it lost mid-refresh: ${kills.map((k) => {
  const up = upSince.has(k.instance) ? `${seconds(k.at - upSince.get(k.instance))} s` : 'since the start';
  return `${up}: ${usedTwice.filter((e) => e.inFlight && e.rotatedBy === k.instance).length}`;
}).join(', ')}.`);
const lost = usedTwice.filter((e) => e.inFlight);
if (lost.length > 0) {
  const ages = lost.map((e) => e.kill - e.rotatedAt);
  const waits = [];
  const until409 = [];
  for (const e of lost) {
    const index = principals.findIndex((p, i) => userOf(i) === e.user);
    const after = answers.filter((a) => a.index === index && a.sent >= e.rotatedAt);
    waits.push(after.filter((a) => a.status === 504).length);
    const reauth = after.find((a) => a.status === 409);
    if (reauth) until409.push(reauth.sent - e.rotatedAt);
  }
  out.push(`- Lost mid-refresh: the mock rotated the token from ${Math.max(...ages)} ms before to ${-Math.min(...ages)} ms `
    + `after the kill (median ${median(ages)} ms before; after: a refresh sent before the kill and read by the mock `
    + `later); its answer went out for ${lost.filter((e) => e.rotationDelivered).length} of `
    + `${lost.length}. What their callers saw: 504 zoom-timeout (waiting for the dead broker's claim) ${median(waits)} `
    + `times per connection (median, max ${Math.max(...waits)}), then 409 reauthorization-required from `
    + `${seconds(median(until409))} s after the lost rotation (median, max ${seconds(Math.max(...until409))} s).`);
}
const stalled = new Set(answers.filter((a) => a.status === 504 && !lostUsers.has(userOf(a.index))).map((a) => a.index));
out.push(`- Connections that answered 504 zoom-timeout for a while and then 200 again (callers wait 10 s for a refresh `
  + `another process claimed; a dead broker's claim holds for 30 s): ${[...stalled].filter((i) => !firstReauth.has(i)).length}.`);
for (const e of usedTwice.filter((x) => !x.inFlight)) {
  const kill = e.kill === undefined ? 'not killed' : `killed ${e.kill - e.rotatedAt} ms after it rotated`;
  out.push(`- NOT explained by a kill: ${e.user}'s refresh token ${e.old}, rotated at ${new Date(e.rotatedAt).toISOString()} `
    + `by ${e.rotatedBy} (answer ${e.rotationDelivered === false ? 'lost' : 'sent'}; ${kill}; new access token `
    + `${e.newAccessUsed ? '' : 'never '}used), presented again by ${e.instance} ${seconds(e.t - e.rotatedAt)} s later`);
}
console.log(out.join('\n'));
