import fs from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ROLES, ROLE_LABELS, isRole } from '../../domain/access.ts';
import { normalizeUnitCode } from '../../domain/units.ts';
import { parseConfig, ConfigError, type Config } from '../config.ts';
import { openDatabase, type DbHandle } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { buildApp } from '../http/app.ts';
import { findUserByUsername } from '../repositories/user.repository.ts';
import { verifyAuditChain } from '../services/audit.service.ts';
import { AppError, today, type ServiceContext } from '../services/context.ts';
import { generateSyntheticDistrict, registerHasPersons } from '../services/synthetic.service.ts';
import { createPiiCipher, defaultKeyFile, loadMasterKey } from '../security/pii-cipher.ts';
import { assessCommand, writeStdout } from './assess.command.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from '../services/demo.service.ts';
import { printLine, registerLedgerCommands } from './ledger.command.ts';
import { registerOperationsCommands } from './backup.command.ts';
import { ensureDistrictUnits, loadUnits } from '../services/unit.service.ts';
import { createUser, resetPassword, setRoleFromCli, setUserDisabled } from '../services/user.service.ts';
import { resetMfa } from '../services/mfa.service.ts';
import { seedDemoHistory } from '../services/demo-history.service.ts';
import { refreshAllUnitResults } from '../services/unit-result.service.ts';

/** Set by `serve` once it listens: the process then stays up until a signal. */
let serving = false;

/** A user error: printed as one line, exit code 1, no stack trace. */
class CliError extends Error {}

function cliContext(handle: DbHandle, config: Config): ServiceContext {
  const pii = createPiiCipher(
    loadMasterKey({
      keyHex: config.dataKeyHex,
      keyFile: config.keyFile ?? defaultKeyFile(config.databaseUrl),
    }),
  );
  return { db: handle.db, dialect: handle.dialect, actor: null, requestId: null, now: () => new Date(), pii };
}

async function withDb<T>(
  config: Config,
  fn: (handle: DbHandle, ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  const handle = openDatabase(config.databaseUrl);
  try {
    return await fn(handle, cliContext(handle, config));
  } finally {
    await handle.close();
  }
}

/** migrate + load the district's units when there are none */
async function prepareDatabase(handle: DbHandle, ctx: ServiceContext, quiet = false): Promise<void> {
  const applied = await migrateToLatest(handle.db);
  if (!quiet && applied.length) console.log(`已升级数据库结构：${applied.join(', ')}`);
  const report = await ensureDistrictUnits(ctx);
  if (report && !quiet) console.log(`已载入泉港区区划：新建 ${report.created} 个单位`);
}

/** Residents of the demo district: enough to show every ledger and queue, quick to generate. */
const DEMO_PERSONS = 20_000;

async function seedDemoRegister(ctx: ServiceContext, persons: number, seed: number): Promise<void> {
  if (persons === 0) return;
  if (await registerHasPersons(ctx)) {
    console.log('信息库已有人员，未重复生成演示数据。');
    return;
  }
  const t = today(ctx);
  let last = -1;
  const report = await generateSyntheticDistrict(ctx, {
    persons,
    seed,
    year: Number(t.slice(0, 4)),
    until: t,
    onProgress: (p) => {
      const pct = Math.floor((p.unitsDone / p.unitsTotal) * 10) * 10;
      if (pct === last) return;
      last = pct;
      // One line redrawn on a terminal; a line per step in a log file.
      if (process.stdout.isTTY) process.stdout.write(`\r正在生成演示数据… ${pct}%（${p.persons} 人）`);
      else if (pct % 50 === 0) console.log(`正在生成演示数据… ${pct}%（${p.persons} 人）`);
    },
  });
  if (process.stdout.isTTY) process.stdout.write('\n');
  console.log(
    `已生成演示数据：${report.units} 个村（社区），${report.persons} 人，${report.households} 户，服务记录 ${report.services} 条。`,
  );
}

/** The first creation year (一、工作目标: 2016年启动). */
const FIRST_YEAR = 2016;

/** Past years of the demo district's workflow, then the dashboards' results of every year up to now. */
async function seedDemoHistoryAndResults(ctx: ServiceContext, seed: number): Promise<void> {
  const year = Number(today(ctx).slice(0, 4));
  const report = await seedDemoHistory(ctx, { seed, fromYear: FIRST_YEAR, toYear: year - 1 });
  if (!report.skipped) {
    console.log(
      `已生成 ${FIRST_YEAR}—${year - 1} 年度考核历史：验收合格 ${report.accepted} 个，不合格 ${report.rejected} 个，奖补 ${report.awards} 笔。`,
    );
  }
  for (let y = FIRST_YEAR; y <= year; y++) {
    process.stdout.write(`\r正在计算看板结果… ${y}`);
    await refreshAllUnitResults(ctx.db, y, { now: ctx.now });
  }
  process.stdout.write('\n');
}

function printDemoAccounts() {
  console.log('演示账户（密码均为 %s；管理员首次登录须修改密码）：', DEMO_PASSWORD);
  for (const a of DEMO_ACCOUNTS)
    console.log(`  ${a.username.padEnd(10)} ${ROLE_LABELS[a.role]}  ${a.displayName}`);
}

function configFrom(opts: { db?: string }): Config {
  return parseConfig(process.env, opts.db ? { databaseUrl: opts.db } : {});
}

export function buildCli(): Command {
  const program = new Command('jiuye')
    .description('创建充分就业村（社区）工作平台')
    .option('--db <location>', 'SQLite 文件路径或 postgres:// 地址（默认 ./data/jiuye.db 或 DATABASE_URL）')
    .showHelpAfterError()
    .exitOverride();

  const globalDb = () => program.opts<{ db?: string }>();

  program
    .command('serve')
    .description('升级数据库、空库时载入演示数据，并启动网页与接口服务')
    .option('--port <port>', '端口', '3000')
    .option('--host <host>', '监听地址', '127.0.0.1')
    .action(async (opts: { port: string; host: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new CliError(`端口无效：${opts.port}`);
      const config = parseConfig(process.env, {
        ...(globalDb().db ? { databaseUrl: globalDb().db! } : {}),
        port,
        host: opts.host,
      });
      const handle = openDatabase(config.databaseUrl);
      const ctx = cliContext(handle, config);
      await prepareDatabase(handle, ctx);
      const seeded = await seedDemoAccounts(ctx);
      if (seeded) {
        await seedDemoRegister(ctx, DEMO_PERSONS, 1);
        await seedDemoHistoryAndResults(ctx, 1);
      }
      const app = await buildApp({ handle, config, pii: ctx.pii, rateLimits: config.rateLimits });
      const close = async () => {
        await app.close();
        await handle.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await app.listen({ port, host: config.host });
      serving = true;
      console.log(`\n就业平台已启动：http://${config.host}:${port}  （数据库：${handle.location}）`);
      if (seeded) console.log('已创建演示账户。');
      printDemoAccounts();
    });

  program
    .command('migrate')
    .description('创建或升级数据库结构；没有单位时载入泉港区的区划')
    .action(async () => {
      await withDb(configFrom(globalDb()), async (handle, ctx) => {
        await prepareDatabase(handle, ctx);
        console.log('数据库已是最新结构。');
      });
    });

  program
    .command('seed-demo')
    .description('载入确定性的演示数据（合成的劳动力资源信息）与演示账户')
    .option('--persons <n>', '人数', String(DEMO_PERSONS))
    .option('--seed <s>', '随机种子', '1')
    .action(async (opts: { persons: string; seed: string }) => {
      const persons = Number(opts.persons);
      const seed = Number(opts.seed);
      if (!Number.isInteger(persons) || persons < 0) throw new CliError(`人数应为非负整数：${opts.persons}`);
      if (!Number.isInteger(seed)) throw new CliError(`随机种子应为整数：${opts.seed}`);
      await withDb(configFrom(globalDb()), async (handle, ctx) => {
        await prepareDatabase(handle, ctx, true);
        const seeded = await seedDemoAccounts(ctx);
        console.log(seeded ? '已创建演示账户。' : '已有账户，未重复创建演示账户。');
        await seedDemoRegister(ctx, persons, seed);
        await seedDemoHistoryAndResults(ctx, seed);
        printDemoAccounts();
      });
    });

  const units = program.command('units').description('单位（区划）管理');
  units
    .command('load <csv>')
    .description('从 CSV（level,code,name,parent_code）载入或更新一个区县的单位')
    .action(async (file: string) => {
      if (!fs.existsSync(file)) throw new CliError(`文件不存在：${file}`);
      await withDb(configFrom(globalDb()), async (handle, ctx) => {
        await prepareDatabase(handle, ctx, true);
        const report = await loadUnits(ctx, fs.readFileSync(file, 'utf8'));
        if (report.errors.length) {
          for (const e of report.errors) console.error(`第 ${e.line} 行：${e.message}`);
          throw new CliError('文件有误，未作任何更改。');
        }
        console.log(`新建 ${report.created}，更名 ${report.renamed}，未变 ${report.unchanged}。`);
      });
    });

  program
    .command('assess')
    .description('按考核评分标准表计算村（社区）得分')
    .option('--unit <code>', '村（社区）12 位代码')
    .option('--all', '全部村（社区）')
    .option('--year <YYYY>', '考核年度')
    .option('--as-of <date>', '统计截止日期 YYYY-MM-DD（默认当年 12-10 与今天中较早者）')
    .option('--profile <id>', '考核标准（默认 quangang-2016）')
    .option('--json', '输出 JSON')
    .action(
      async (opts: {
        unit?: string;
        all?: boolean;
        year?: string;
        asOf?: string;
        profile?: string;
        json?: boolean;
      }) => {
        await withDb(configFrom(globalDb()), async (handle, ctx) => {
          await prepareDatabase(handle, ctx, true);
          await assessCommand(ctx, opts, writeStdout);
        });
      },
    );

  const user = program.command('user').description('账户管理（在服务器上执行）');
  user
    .command('add <username>')
    .description('新建账户')
    .requiredOption('--role <role>', `角色：${ROLES.join(' / ')}`)
    .option('--unit <code>', '所属单位代码（村/社区或镇/街道工作人员必填）')
    .option('--name <displayName>', '显示名称')
    .option('--password <password>', '初始密码（省略时从环境变量 JIUYE_PASSWORD 读取）')
    .action(
      async (username: string, opts: { role: string; unit?: string; name?: string; password?: string }) => {
        if (!isRole(opts.role)) throw new CliError(`未知角色：${opts.role}。可选：${ROLES.join(', ')}`);
        const password = opts.password ?? process.env.JIUYE_PASSWORD;
        if (!password) throw new CliError('请用 --password 或环境变量 JIUYE_PASSWORD 提供初始密码');
        const unitCode = opts.unit ? normalizeUnitCode(opts.unit) : null;
        if (opts.unit && !unitCode) throw new CliError(`单位代码无效：${opts.unit}`);
        await withDb(configFrom(globalDb()), async (handle, ctx) => {
          await prepareDatabase(handle, ctx, true);
          const created = await createUser(ctx, {
            username,
            displayName: opts.name ?? username,
            password,
            role: opts.role as never,
            unitCode,
            mustChangePassword: true,
          });
          console.log(`已创建账户 ${created.username}（${created.roleLabel}），首次登录须修改密码。`);
        });
      },
    );

  const findUser = async (handle: DbHandle, username: string) => {
    const u = await findUserByUsername(handle.db, username);
    if (!u) throw new CliError(`账户不存在：${username}`);
    return u;
  };

  user
    .command('passwd <username>')
    .description('重置密码（下次登录须修改），并解除锁定')
    .option('--password <password>', '新密码（省略时从环境变量 JIUYE_PASSWORD 读取）')
    .action(async (username: string, opts: { password?: string }) => {
      const password = opts.password ?? process.env.JIUYE_PASSWORD;
      if (!password) throw new CliError('请用 --password 或环境变量 JIUYE_PASSWORD 提供新密码');
      await withDb(configFrom(globalDb()), async (handle, ctx) => {
        const u = await findUser(handle, username);
        await resetPassword(ctx, u.id, password, { cli: true });
        console.log(`已重置 ${username} 的密码。`);
      });
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${name} <username>`)
      .description(disabled ? '停用账户' : '启用账户')
      .action(async (username: string) => {
        await withDb(configFrom(globalDb()), async (handle, ctx) => {
          const u = await findUser(handle, username);
          await setUserDisabled(ctx, u.id, disabled, { cli: true });
          console.log(`已${disabled ? '停用' : '启用'}账户 ${username}。`);
        });
      });
  }

  user
    .command('role <username>')
    .description('设置账户角色（含管理员角色）')
    .requiredOption('--role <role>', `角色：${ROLES.join(' / ')}`)
    .option('--unit <code>', '所属单位代码')
    .action(async (username: string, opts: { role: string; unit?: string }) => {
      if (!isRole(opts.role)) throw new CliError(`未知角色：${opts.role}`);
      await withDb(configFrom(globalDb()), async (handle, ctx) => {
        const u = await findUser(handle, username);
        await setRoleFromCli(ctx, u.id, opts.role as never, opts.unit ? normalizeUnitCode(opts.unit) : null);
        console.log(`已将 ${username} 的角色设为 ${ROLE_LABELS[opts.role as keyof typeof ROLE_LABELS]}。`);
      });
    });

  user
    .command('reset-mfa <username>')
    .description('清除账户的双因素认证绑定（更换手机时）；下次登录须重新绑定')
    .action(async (username: string) => {
      await withDb(configFrom(globalDb()), async (handle, ctx) => {
        const u = await findUser(handle, username);
        await resetMfa(ctx, u.id);
        console.log(`已清除 ${username} 的动态验证码绑定，下次登录须重新绑定。`);
      });
    });

  program
    .command('results')
    .description('看板结果（每个村（社区）每年一行，供看板和报表读取）')
    .command('refresh')
    .description('重新计算某一年度（或全部年度）各村（社区）的看板结果')
    .option('--year <YYYY>', '年度（默认 2016 年至今每一年）')
    .action(async (opts: { year?: string }) => {
      await withDb(configFrom(globalDb()), async (handle, ctx) => {
        await prepareDatabase(handle, ctx, true);
        const current = Number(today(ctx).slice(0, 4));
        const year = opts.year === undefined ? null : Number(opts.year);
        if (year !== null && (!Number.isInteger(year) || year < 2000 || year > current))
          throw new CliError(`年度无效：${opts.year}`);
        for (let y = year ?? FIRST_YEAR; y <= (year ?? current); y++) {
          const r = await refreshAllUnitResults(handle.db, y, { now: ctx.now });
          console.log(`${y} 年度：已重新计算 ${r.units} 个村（社区）。`);
        }
      });
    });

  program
    .command('audit')
    .description('审计记录')
    .command('verify')
    .description('校验审计链：发现被改动或删除的记录')
    .action(async () => {
      await withDb(configFrom(globalDb()), async (handle) => {
        const v = await verifyAuditChain(handle.db);
        if (!v.ok) {
          console.error(`审计链校验失败：${v.firstBroken!.problem}（已校验 ${v.checked} 条）`);
          process.exitCode = 3;
          return;
        }
        console.log(`审计链完整：共 ${v.checked} 条记录。`);
      });
    });

  registerLedgerCommands(
    program,
    (fn) =>
      withDb(configFrom(globalDb()), async (handle, ctx) => {
        await prepareDatabase(handle, ctx, true);
        return fn(ctx);
      }),
    printLine,
    (code) => (process.exitCode = code),
  );

  registerOperationsCommands(program, () => configFrom(globalDb()));

  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildCli();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof CliError || e instanceof ConfigError) console.error(e.message);
    else if (e instanceof AppError) console.error(`错误：${e.message}`);
    else {
      console.error(`出错了：${(e as Error).message ?? String(e)}`);
      if (process.env.JIUYE_DEBUG) console.error(e);
    }
    return 1;
  }
}

if (process.argv[1] && /bin[\\/]jiuye$/.test(process.argv[1])) {
  const code = await runCli(process.argv.slice(2));
  // `serve` keeps running; every other command exits with its code.
  if (!serving || code !== 0) process.exit(code);
}
