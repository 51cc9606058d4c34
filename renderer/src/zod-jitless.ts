// Imported first by main.tsx, before any module builds a zod schema. zod probes whether it may
// compile fast parsers with `new Function`; the renderer's CSP forbids eval, so the probe raises a
// CSP violation report on every start. Telling zod up front skips the probe (it then parses
// without generated code, which for the few objects the renderer builds makes no difference).
import { config } from 'zod';

config({ jitless: true });
