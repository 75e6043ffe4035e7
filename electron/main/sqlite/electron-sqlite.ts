/**
 * better-sqlite3 as the desktop build loads it. The build (scripts/build-electron.mjs) points the
 * host's `better-sqlite3` imports here, so the host code stays exactly what web mode and the
 * tests run.
 *
 * Why: the addon must be compiled for Electron's ABI, while node_modules keeps the build for
 * plain Node that the tests and web mode need. A packaged app has the Electron build in place
 * (electron-builder rebuilds it, unpacked from asar); `npm start` builds an Electron copy beside
 * node_modules and passes its path in INCIDENT_ROOM_SQLITE_BINDING.
 */
import RealDatabase from 'better-sqlite3';

export function withNativeBinding(
  options: RealDatabase.Options | undefined,
  nativeBinding: string | undefined,
): RealDatabase.Options | undefined {
  return nativeBinding ? { ...options, nativeBinding } : options;
}

const Database: typeof RealDatabase = new Proxy(RealDatabase, {
  construct(target, args: [string | Buffer | undefined, RealDatabase.Options | undefined]) {
    const [filename, options] = args;
    return new target(
      filename,
      withNativeBinding(options, process.env.INCIDENT_ROOM_SQLITE_BINDING || undefined),
    );
  },
});

export default Database;
