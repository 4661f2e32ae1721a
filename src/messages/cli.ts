/** Wording of the command line's own messages (bad flags, unknown rules), zh and en. */
import type { BaselineProblem } from '../baseline.js';
import { escapeText, safeOutput } from '../report/escape.js';

import { DATA_MESSAGES, type DataCode } from './data.js';

type Args = Record<string, string | number | null>;
type Message = { zh: (a: Args) => string; en: (a: Args) => string };

/** The system's reasons a file cannot be written or read, in words. */
const ERRNO_ZH: Record<string, string> = {
  ENOENT: '所在文件夹不存在',
  EACCES: '没有权限',
  EPERM: '没有权限',
  EROFS: '文件系统只读',
  ENOSPC: '磁盘已满',
  EPIPE: '读取方已关闭',
  ENOTDIR: '路径中有一部分不是文件夹',
  ELOOP: '链接循环',
  EISDIR: '这是文件夹',
  ENXIO: '设备不可用',
};
const ERRNO_EN: Record<string, string> = {
  ENOENT: 'the folder does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'the disk is full',
  EPIPE: 'the reader went away',
  ENOTDIR: 'part of the path is not a folder',
  ELOOP: 'a loop of links',
  EISDIR: 'it is a folder',
  ENXIO: 'the device is not available',
};

/** Why an input file (--rules, --baseline, --waivers) cannot be read, in the data layer's words. */
export function fileProblemText(problem: { code: DataCode; args: Record<string, string | number> }, lang: 'zh' | 'en'): string {
  if (problem.code === 'unreadable-file') {
    const reason = String(problem.args.reason);
    return (lang === 'zh' ? ERRNO_ZH : ERRNO_EN)[reason] ?? reason;
  }
  const m: Message = DATA_MESSAGES[problem.code];
  return m[lang](problem.args);
}

export const CLI_MESSAGES = {
  'bad-date': {
    zh: (a) => `${a.flag} 的值 "${a.value}" 不是有效日期，请写成 2020-12-31`,
    en: (a) => `${a.flag} "${a.value}" is not a valid date; write it as 2020-12-31`,
  },
  'unknown-rule': {
    zh: (a) => `未知规则编号：${a.ids}。可用 hebao-check rules 查看全部规则${a.hint ? `（是否想找 ${a.hint}？）` : ''}`,
    en: (a) => `unknown rule id: ${a.ids}. Run hebao-check rules to list them${a.hint ? ` (did you mean ${a.hint}?)` : ''}`,
  },
  'unknown-village': {
    zh: (a) => `数据中没有这个村（社区）：${a.words}。可用村编号或名称：${a.known}`,
    en: (a) => `no such village in the data: ${a.words}. Known ids or names: ${a.known}`,
  },
  'bad-choice': {
    zh: (a) => `${a.flag} 的值 "${a.value}" 无效，可选：${a.allowed}`,
    en: (a) => `${a.flag} "${a.value}" is not valid; choose from: ${a.allowed}`,
  },
  'out-of-memory': {
    zh: (a) => `内存不足，检查已停止：读取 ${a.file} 时已用 ${a.used} MB，上限 ${a.limit} MB。数据太大，超出了本机可用的内存；请在内存更大的电脑上运行，或加大上限，例如 NODE_OPTIONS=--max-old-space-size=${a.suggest}`,
    en: (a) => `out of memory, the check stopped: ${a.used} MB of ${a.limit} MB used while reading ${a.file}. The data needs more memory than this machine gives the run; run it on a machine with more memory, or raise the limit, e.g. NODE_OPTIONS=--max-old-space-size=${a.suggest}`,
  },
  'manifest-plan': {
    zh: (a) => `未执行检查：manifest.yaml 的 plan: “${a.plan}”不是内置的规则包${a.known ? `（内置：${a.known}）` : ''}；请改正 plan:，或用 --rules 文件 指定规则包`,
    en: (a) => `nothing was checked: manifest.yaml's plan: "${a.plan}" is not a bundled rule pack${a.known ? ` (bundled: ${String(a.known).replaceAll('、', ', ')})` : ''}; correct plan:, or name the pack with --rules FILE`,
  },
  'pack-invalid': {
    zh: (a) => `规则包有误，未执行检查：\n${a.problems}`,
    en: (a) => `the rule pack is invalid; nothing was checked:\n${a.problems}`,
  },
  'output-in-data': {
    zh: (a) => `不能把报告写进数据文件夹（${a.path}）：本工具从不改动输入数据`,
    en: (a) => `refusing to write the report inside the data folder (${a.path}): input data is never written to`,
  },
  'output-failed': {
    zh: (a) => `无法写入报告文件 ${a.path}：${ERRNO_ZH[a.reason as string] ?? a.reason}`,
    en: (a) => `cannot write the report to ${a.path}: ${ERRNO_EN[a.reason as string] ?? a.reason}`,
  },
  'output-is-input': {
    zh: (a) => `不能把报告写到 ${a.path}：它是本次检查读取的输入文件（${a.reason}），写入会把它覆盖；请换一个文件名`,
    en: (a) => `refusing to write the report to ${a.path}: it is an input of this run (${a.reason}) and would be overwritten; choose another file`,
  },
  'output-is-folder': {
    zh: (a) => `不能把报告写到 ${a.path}：它是文件夹；请给出文件名，如 ${a.path}/报告.json`,
    en: (a) => `cannot write the report to ${a.path}: it is a folder; give a file name such as ${a.path}/report.json`,
  },
  'output-special-file': {
    zh: (a) => `不能把报告写到 ${a.path}：它是块设备（磁盘）或套接字，不是普通文件`,
    en: (a) => `refusing to write the report to ${a.path}: it is a block device (a disk) or a socket, not a regular file`,
  },
  'output-dangling-link': {
    zh: (a) => `不能把报告写到 ${a.path}：它是指向不存在文件的链接；请先创建目标文件，或换一个文件名`,
    en: (a) => `refusing to write the report to ${a.path}: it is a link to a file that does not exist; create the target first or choose another file`,
  },
  'bad-baseline': {
    zh: (a) => `无法读取对比基准报告 ${a.path}：${a.reason}`,
    en: (a) => `cannot read the baseline report ${a.path}: ${a.reason}`,
  },
  'format-unavailable': {
    zh: (a) => `${a.command} 不能输出 “${a.value}” 格式（--format）；可用的格式：${a.allowed}`,
    en: (a) => `${a.command} cannot write --format "${a.value}"; it can write: ${a.allowed}`,
  },
  'bad-fail-on': {
    zh: (a) => `--fail-on 的值 "${a.value}" 不是结果状态；可选：${a.allowed}（多个可用空格或逗号分开，如 --fail-on fail,no-data）`,
    en: (a) => `--fail-on "${a.value}" is not a status; choose from: ${a.allowed} (several separated by spaces or commas, e.g. --fail-on fail,no-data)`,
  },
  'fail-on-none-alone': {
    zh: (a) => `--fail-on ${a.value}：none 表示任何结果都不使退出码为 1，不能与其他状态同用`,
    en: (a) => `--fail-on ${a.value}: none means no result makes the exit code 1; it cannot be combined with statuses`,
  },
  'folder-not-found': {
    zh: (a) => `找不到数据文件夹 ${a.path}（${a.full !== a.path ? `完整路径 ${a.full}，` : ''}当前文件夹 ${a.cwd}）；请检查拼写，或用 hebao-check init ${a.path} 新建`,
    en: (a) => `data folder not found: ${a.path} (${a.full !== a.path ? `full path ${a.full}, ` : ''}current folder ${a.cwd}); check the spelling, or create one with hebao-check init ${a.path}`,
  },
  'folder-is-file': {
    zh: (a) => `${a.path} 是文件，不是数据文件夹${a.full !== a.path ? `（完整路径 ${a.full}）` : ''}；请给出包含 villages.csv 等文件的文件夹`,
    en: (a) => `${a.path} is a file, not a data folder${a.full !== a.path ? ` (full path ${a.full})` : ''}; name the folder that holds villages.csv and the other files`,
  },
  'folder-unreadable': {
    zh: (a) => `无法读取数据文件夹 ${a.path}：${ERRNO_ZH[a.reason as string] ?? a.reason}`,
    en: (a) => `cannot read the data folder ${a.path}: ${ERRNO_EN[a.reason as string] ?? a.reason}`,
  },
  'usage': {
    zh: (a) => `${a.message}\n用法见 hebao-check --help`,
    en: (a) => `${a.message}\nSee hebao-check --help`,
  },
  'internal': {
    zh: (a) => `内部错误（这是本工具的缺陷，请报告）：${a.message}`,
    en: (a) => `internal error (a bug in hebao-check, please report it): ${a.message}`,
  },
  'data-errors-header': {
    zh: (a) => `数据有 ${a.count} 处错误；规则已在有效记录上执行`,
    en: (a) => `the data has ${a.count} errors; rules ran on the valid records`,
  },
  'validate-ok': {
    zh: (a) => `数据检查通过：${a.files} 个文件，${a.rows} 条记录，无错误`,
    en: (a) => `data is valid: ${a.files} files, ${a.rows} records, no errors`,
  },
  'init-done': {
    zh: (a) =>
      (a.count ? `已在 ${a.path} 建好数据文件夹，写入 ${a.count} 个文件：${a.files}` : `${a.path} 中的文件都已齐全，未写入任何文件`) +
      (a.kept ? `\n已有的文件保持不变：${a.kept}` : '') +
      `\n各文件的内容和填法见其中的 说明.txt。填好后运行：\n  hebao-check validate ${a.dir}\n  hebao-check ${a.dir}`,
    en: (a) =>
      (a.count ? `wrote a data folder at ${a.path}: ${a.count} files: ${a.files}` : `${a.path} has every file already; nothing was written`) +
      (a.kept ? `\nexisting files left as they were: ${a.kept}` : '') +
      `\nWhat each file holds and how to fill it in: 说明.txt in the folder. When filled in, run:\n  hebao-check validate ${a.dir}\n  hebao-check ${a.dir}`,
  },
  'init-not-empty': {
    zh: (a) => `${a.path} 不是空文件夹（已有 ${a.names}），未写入任何文件。请换一个新文件夹；或加 --force 只补齐缺少的文件（已有的文件不会被覆盖）`,
    en: (a) => `${a.path} is not empty (it has ${a.names}); nothing was written. Name a new folder, or add --force to add only the missing files (existing files are never overwritten)`,
  },
  'init-not-folder': {
    zh: (a) => `${a.path} 是文件，不是文件夹；请给出要新建的数据文件夹`,
    en: (a) => `${a.path} is a file, not a folder; name the data folder to create`,
  },
  'init-failed': {
    zh: (a) => `无法写入 ${a.path}：${a.reason}`,
    en: (a) => `cannot write ${a.path}: ${a.reason}`,
  },
  'init-kept-plan': {
    zh: (a) => `注意：已有的 manifest.yaml 适用的方案是 ${a.plan}，不是 ${a.pack}；以后检查仍按 ${a.plan}。要按 ${a.pack} 检查，请把其中的 plan 改为 ${a.pack}`,
    en: (a) => `note: the existing manifest.yaml is for plan ${a.plan}, not ${a.pack}; later runs still read the folder by ${a.plan}. To check it by ${a.pack}, set its plan: to ${a.pack}`,
  },
  'validate-errors': {
    zh: (a) => `数据有 ${a.count} 处错误（${a.files} 个文件，${a.rows} 条记录）`,
    en: (a) => `the data has ${a.count} errors (${a.files} files, ${a.rows} records)`,
  },
} as const satisfies Record<string, Message>;

/** Every code of the command line's own messages. */
export type CliCode = keyof typeof CLI_MESSAGES;

const BASELINE_HINT = {
  zh: '对比基准应是以前用 --format json 保存的检查报告，如 hebao-check 数据文件夹 --format json --output 上月.json',
  en: 'a baseline is an earlier check saved with --format json, e.g. hebao-check DIR --format json --output last-month.json',
};

/** A baseline that cannot be used, in words: the path, what is wrong, and how a baseline is made. */
export function baselineText(e: { path: string; problem: BaselineProblem }, lang: 'zh' | 'en', cwd: string): string {
  const p = e.problem;
  const zh = lang === 'zh';
  let reason: string;
  switch (p.code) {
    case 'missing':
      reason = zh ? `文件不存在（当前文件夹 ${cwd}）` : `no such file (current folder ${cwd})`;
      break;
    case 'unreadable':
      reason = fileProblemText(p.problem, lang);
      break;
    case 'empty':
      reason = zh ? `文件是空的。${BASELINE_HINT.zh}` : `the file is empty; ${BASELINE_HINT.en}`;
      break;
    case 'not-json': {
      const at = p.line !== null ? (zh ? `（第 ${p.line} 行第 ${p.column} 列附近）` : ` (near line ${p.line}, column ${p.column})`) : '';
      reason = zh ? `不是有效的 JSON 文件${at}。${BASELINE_HINT.zh}` : `not valid JSON${at}; ${BASELINE_HINT.en}`;
      break;
    }
    case 'not-report':
      reason = zh
        ? `不是 hebao-check 的 JSON 检查报告（字段 ${p.field} 缺失或不对）。${BASELINE_HINT.zh}`
        : `not a hebao-check JSON report (field ${p.field} is missing or wrong); ${BASELINE_HINT.en}`;
      break;
  }
  return cliMessage('bad-baseline', { path: e.path, reason }, lang);
}

export function cliMessage(code: CliCode, args: Args, lang: 'zh' | 'en'): string {
  const m: Message = CLI_MESSAGES[code];
  // Args hold names from the data, paths and error texts: shown escaped (a pre-worded list of `problems` line by line), and
  // no line left that a CI log runs as a command (report/escape.ts).
  const shown: Args = {};
  for (const [k, v] of Object.entries(args)) shown[k] = typeof v !== 'string' ? v : k === 'problems' ? v.split('\n').map(escapeText).join('\n') : escapeText(v);
  return safeOutput(m[lang](shown));
}

/**
 * Commander's usage errors (unknown option, missing value, too many
 * arguments) in the user's language. Commander writes them in English; the
 * quoted names are taken from its text, and any error not known here keeps it.
 */
export function usageText(code: string, message: string, lang: 'zh' | 'en'): string {
  const text = message.replace(/^error:\s*/, '').trim();
  const quoted = [...text.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  const counts = /Expected (\d+) arguments? but got (\d+)/.exec(text);
  // The usual cause: a Windows path with a space, unquoted (C:\扶贫 数据\2020-12).
  const spaces = { zh: '（文件夹路径中有空格时，请用英文引号把整个路径括起来）', en: ' (if the folder path has a space in it, put the whole path in quotes)' };
  if (lang === 'en') return code === 'commander.excessArguments' ? text + spaces.en : text;
  switch (code) {
    case 'commander.unknownOption': {
      const mean = /\(Did you mean (.+)\?\)/.exec(text)?.[1];
      return `没有这个选项：${quoted[0] ?? text}${mean ? `（是否想用 ${mean}？）` : ''}`;
    }
    case 'commander.optionMissingArgument':
      return `选项 ${quoted[0] ?? ''} 后面缺少取值`;
    case 'commander.missingArgument':
      return `缺少参数：${quoted[0] ?? ''}`;
    case 'commander.excessArguments':
      return `参数太多${counts ? `：最多 ${counts[1]} 个，实际 ${counts[2]} 个` : ''}${spaces.zh}`;
    case 'commander.unknownCommand':
      return `没有这个命令：${quoted[0] ?? ''}`;
    default:
      return text;
  }
}
