// Module hooks for bundle.int.test.ts: `electron` resolves to the stub beside this file.
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') {
    return { url: new URL('./electron-stub.mjs', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
}
