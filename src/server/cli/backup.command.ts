import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { isPostgresUrl, openDatabase } from '../db/connect.ts';
import { createPiiCipher, defaultKeyFile, loadMasterKey } from '../security/pii-cipher.ts';
import { createBackup, defaultBackupName, restoreBackup } from '../services/backup.service.ts';
import { AppError } from '../services/context.ts';
import { rotatePersonalDataKey } from '../services/key-rotation.service.ts';
import { CLI_OPERATOR, printLine } from './ledger.command.ts';

/**
 * `bin/jiuye backup | restore | rotate-key` — operations on the server. All three need the personal-data master
 * key (JIUYE_DATA_KEY or the key file) and never create one: a missing key is an error, not a new key.
 */

function existingMasterKey(config: Config): { key: Buffer; keyFile: string | null } {
  if (config.dataKeyHex) return { key: Buffer.from(config.dataKeyHex, 'hex'), keyFile: null };
  const keyFile = config.keyFile ?? defaultKeyFile(config.databaseUrl);
  if (!fs.existsSync(keyFile))
    throw new AppError('NOT_FOUND', `找不到个人信息密钥：${keyFile}（或设置 JIUYE_DATA_KEY）`);
  return { key: loadMasterKey({ keyHex: null, keyFile }), keyFile };
}

function readKeyFile(file: string): Buffer {
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `新密钥文件不存在：${file}`);
  const hex = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(hex))
    throw new AppError('VALIDATION', `新密钥文件 ${file} 格式不正确（应为 64 位十六进制）`);
  return Buffer.from(hex, 'hex');
}

export function registerOperationsCommands(program: Command, config: () => Config): void {
  program
    .command('backup')
    .description('在线备份（应用可继续写入）：加密的快照与校验清单')
    .option('--out <file>', '备份文件（默认当前目录下 jiuye-<引擎>-<时间>.backup）')
    .action(async (opts: { out?: string }) => {
      const c = config();
      const { key } = existingMasterKey(c);
      const handle = openDatabase(c.databaseUrl);
      try {
        const now = new Date();
        const r = await createBackup(handle, {
          url: c.databaseUrl,
          masterKey: key,
          out: opts.out ?? defaultBackupName(handle.dialect, now),
          now,
        });
        await printLine(
          `已备份：${r.file}（${(r.bytes / 1024 / 1024).toFixed(1)} MB，${r.tables} 张表，${r.rows} 行）\n校验清单：${r.manifest}`,
        );
      } finally {
        await handle.close();
      }
    });

  program
    .command('restore <file>')
    .description('从备份恢复到新的 SQLite 文件或空的 PostgreSQL 数据库（--db 指定目标），并核对完整性与清单')
    .action(async (file: string) => {
      const c = config();
      const { key } = existingMasterKey(c);
      const target = isPostgresUrl(c.databaseUrl) ? c.databaseUrl : path.resolve(c.databaseUrl);
      const r = await restoreBackup(path.resolve(file), {
        target,
        targetDialect: isPostgresUrl(target) ? 'postgres' : 'sqlite',
        masterKey: key,
      });
      await printLine(
        `已恢复 ${r.createdAt} 的备份：${r.tables} 张表、${r.rows} 行，完整性检查通过，各表行数与校验值均与清单一致。`,
      );
    });

  program
    .command('rotate-key')
    .description('更换个人信息密钥：在一个事务中重新加密所有加密字段并重算检索索引')
    .requiredOption('--new-key-file <file>', '新密钥文件（64 位十六进制）')
    .action(async (opts: { newKeyFile: string }) => {
      const c = config();
      const { key, keyFile } = existingMasterKey(c);
      const next = readKeyFile(opts.newKeyFile);
      const handle = openDatabase(c.databaseUrl);
      let report;
      try {
        const ctx = {
          db: handle.db,
          dialect: handle.dialect,
          actor: CLI_OPERATOR,
          requestId: null,
          now: () => new Date(),
          pii: createPiiCipher(key),
        };
        report = await rotatePersonalDataKey(ctx, createPiiCipher(next));
      } finally {
        await handle.close();
      }
      await printLine(
        `已用新密钥重新加密 ${report.persons} 人的号码与 ${report.users} 个账户的动态验证码密钥。`,
      );
      if (keyFile) {
        // The old key stays beside it: backups taken before today can only be restored with it.
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        fs.copyFileSync(keyFile, `${keyFile}.${stamp}.old`);
        const tmp = `${keyFile}.new`;
        fs.writeFileSync(tmp, next.toString('hex') + '\n', { mode: 0o600 });
        fs.renameSync(tmp, keyFile);
        await printLine(
          `密钥文件已更换：${keyFile}（旧密钥保存为 ${keyFile}.${stamp}.old，恢复旧备份时需要它）。请重启服务。`,
        );
      } else {
        await printLine('请把 JIUYE_DATA_KEY 改为新密钥后重启服务；旧密钥请妥善保存，恢复旧备份时需要它。');
      }
    });
}
