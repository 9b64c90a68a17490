// Loaded with `node --import`: writes the URL of every module the process resolves to the file
// named by SNAPAUDIT_TRACE_LOADS, so a test can see which packages a command pulled in.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      import { appendFileSync } from 'node:fs';
      const file = process.env.SNAPAUDIT_TRACE_LOADS;
      export async function resolve(specifier, context, next) {
        const result = await next(specifier, context);
        if (file) appendFileSync(file, result.url + '\\n');
        return result;
      }
    `),
);
