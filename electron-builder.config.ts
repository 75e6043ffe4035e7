// Packaging for Linux (AppImage, deb), macOS (dmg) and Windows (nsis). Typechecked against
// electron-builder's own Configuration type (tsconfig.node.json includes *.config.ts).
// `npm run dist` builds the renderer and the shell first; see docs/DESKTOP.md for releases.
import type { Configuration } from 'electron-builder';

const config = {
  appId: 'org.incidentroom.desktop',
  productName: 'Incident Room',
  executableName: 'incident-room',
  copyright: 'Copyright © 2026 the Incident Room authors',
  // Run by scripts/dist.mjs from a staging folder outside the repository (its own package.json
  // whose only dependency is better-sqlite3): electron-builder rebuilds native modules for
  // Electron there. Never run electron-builder on the repository itself: it would rebuild the
  // repository's better-sqlite3 for Electron and break the tests and web mode, which need Node's.
  directories: { output: 'release', buildResources: 'build' },
  // The main bundle carries everything but the SQLite addon; the renderer is the vite build;
  // templates/ are the built-in runbooks and the postmortem template the host reads at runtime.
  files: ['package.json', 'dist-electron/**', 'dist/renderer/**', 'templates/**', '!**/*.map'],
  // The native SQLite addon cannot be loaded from inside an asar archive.
  asar: true,
  asarUnpack: ['node_modules/better-sqlite3/**'],
  // Rebuild native modules (better-sqlite3) for Electron's ABI while packaging (in the stage).
  npmRebuild: true,
  nodeGypRebuild: false,
  buildDependenciesFromSource: true,
  // incident-room:// invite links: Info.plist on macOS, MimeType in the Linux .desktop file;
  // Windows gets it from build/installer.nsh and app.setAsDefaultProtocolClient.
  protocols: [{ name: 'Incident Room invite', schemes: ['incident-room'] }],
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icons',
    category: 'Network',
    synopsis: 'A live, shared, offline-safe war room for running an incident together.',
    maintainer: 'Incident Room authors <maintainers@incident-room.invalid>',
  },
  deb: {
    // better-sqlite3 links SQLite statically; these are Electron's own runtime needs.
    depends: [
      'libgtk-3-0',
      'libnotify4',
      'libnss3',
      'libxss1',
      'libxtst6',
      'xdg-utils',
      'libatspi2.0-0',
      'libuuid1',
      'libsecret-1-0',
    ],
  },
  mac: {
    target: ['dmg'],
    icon: 'build/icon.png',
    category: 'public.app-category.productivity',
    hardenedRuntime: true,
  },
  dmg: { title: 'Incident Room ${version}' },
  win: {
    target: ['nsis'],
    icon: 'build/icon.png',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    include: 'build/installer.nsh',
  },
  // Electron fuses: no ELECTRON_RUN_AS_NODE, no --inspect, cookies encrypted, app code only
  // from the asar archive (integrity-checked on macOS and Windows).
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  },
} satisfies Configuration;

export default config;
