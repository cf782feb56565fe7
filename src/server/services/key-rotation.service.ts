import type { PiiCipher } from '../security/pii-cipher.ts';
import { recordAudit } from './audit.service.ts';
import { AppError, type ServiceContext } from './context.ts';

export interface RotationReport {
  persons: number;
  users: number;
}

/**
 * 更换个人信息密钥: every encrypted column (ID number, phone, disability certificate, authenticator secret) is
 * decrypted with the old key and sealed with the new one, and the blind indexes are recomputed — all in one
 * transaction with its audit record, so the register is never half under one key and half under the other.
 * The new key must differ from the old one; a value the old key cannot open stops the rotation untouched.
 */
export async function rotatePersonalDataKey(ctx: ServiceContext, next: PiiCipher): Promise<RotationReport> {
  const old = ctx.pii;
  const probe = old.blindIndex('jiuye-key-probe');
  if (next.blindIndex('jiuye-key-probe') === probe) throw new AppError('VALIDATION', '新密钥与当前密钥相同');
  const reseal = (v: string | null) => (v === null ? null : next.encrypt(old.decrypt(v)));
  return ctx.db.transaction().execute(async (trx) => {
    let persons = 0;
    let after = 0;
    for (;;) {
      const page = await trx
        .selectFrom('person')
        .select(['id', 'id_enc', 'phone_enc', 'disability_enc'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(2000)
        .execute();
      if (page.length === 0) break;
      for (const p of page) {
        let idNumber: string;
        let phone: string | null;
        try {
          idNumber = old.decrypt(p.id_enc);
          phone = p.phone_enc === null ? null : old.decrypt(p.phone_enc);
        } catch {
          throw new AppError('VALIDATION', `人员 ${p.id} 的号码无法用当前密钥解开：未作任何更改`);
        }
        await trx
          .updateTable('person')
          .set({
            id_enc: next.encrypt(idNumber),
            id_hmac: next.blindIndex(idNumber),
            phone_enc: phone === null ? null : next.encrypt(phone),
            phone_hmac: phone === null ? null : next.blindIndex(phone),
            disability_enc: reseal(p.disability_enc),
          })
          .where('id', '=', p.id)
          .execute();
        persons++;
      }
      after = page[page.length - 1]!.id;
    }
    const users = await trx
      .selectFrom('app_user')
      .select(['id', 'totp_secret'])
      .where('totp_secret', 'is not', null)
      .execute();
    for (const u of users)
      await trx
        .updateTable('app_user')
        .set({ totp_secret: reseal(u.totp_secret) })
        .where('id', '=', u.id)
        .execute();
    await recordAudit(trx, ctx, {
      action: 'key.rotate',
      objectType: 'system',
      actorName: 'cli',
      detail: { persons, users: users.length },
    });
    return { persons, users: users.length };
  });
}
