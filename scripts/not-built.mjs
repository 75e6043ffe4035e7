// Placeholder for scripts whose part of the product has not landed yet. It fails loudly:
// a script that is not built must never look like a success.
const what = process.argv[2] ?? 'this command';
console.error(`incident-room: '${what}' is not built yet (see the open issues).`);
process.exit(1);
