// Loaded with `node --import` into a process the bench times: at exit it appends the process's
// peak resident memory (KiB) and the CPU time of all its threads (user + system, µs) to the file
// named by CAPSIM_RSS_LOG. Worker processes inherit the flag, so a run on several processes
// reports every one of them (threads of a process do not: they share its figures).
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const log = process.env.CAPSIM_RSS_LOG;
// A worker thread inherits the flag too, but its process is the one already logged: once per process.
if (log && isMainThread) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    appendFileSync(log, `${process.pid} ${process.resourceUsage().maxRSS} ${cpu.user + cpu.system}\n`);
  });
}
