import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  assignRoleRequest,
  createUserRequest,
  resetPasswordRequest,
  setDisabledRequest,
  userIdParams,
  userListQuery,
  userView,
} from '../../../api/users.ts';
import {
  assignRole,
  createUser,
  listUsers,
  resetPassword,
  setUserDisabled,
} from '../../services/user.service.ts';

export async function userRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Both the system administrator (accounts) and the security administrator (roles) work from this list.
  for (const [url, permission] of [
    ['/api/admin/users', 'account:manage'],
    ['/api/admin/roles', 'role:assign'],
  ] as const) {
    r.get(
      url,
      {
        config: { access: { permission } },
        schema: {
          tags: ['账户'],
          summary: '账户列表',
          querystring: userListQuery,
          response: { 200: z.array(userView) },
        },
      },
      async (request) => listUsers(request.ctx, request.query),
    );
  }

  r.post(
    '/api/admin/users',
    {
      config: { access: { permission: 'account:manage' } },
      schema: {
        tags: ['账户'],
        summary: '新建账户（角色由安全管理员分配）',
        body: createUserRequest,
        response: { 201: userView },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createUser(request.ctx, {
        ...request.body,
        role: null,
        unitCode: null,
        mustChangePassword: true,
      });
    },
  );

  r.post(
    '/api/admin/users/:id/disabled',
    {
      config: { access: { permission: 'account:manage' } },
      schema: {
        tags: ['账户'],
        summary: '停用或启用账户',
        params: userIdParams,
        body: setDisabledRequest,
        response: { 200: userView },
      },
    },
    async (request) =>
      setUserDisabled(request.ctx, request.params.id, request.body.disabled, {
        version: request.body.version,
      }),
  );

  r.post(
    '/api/admin/users/:id/password',
    {
      config: { access: { permission: 'account:manage' } },
      schema: {
        tags: ['账户'],
        summary: '重置密码（下次登录须修改）',
        params: userIdParams,
        body: resetPasswordRequest,
        response: { 200: userView },
      },
    },
    async (request) => resetPassword(request.ctx, request.params.id, request.body.password),
  );

  r.post(
    '/api/admin/roles/:id',
    {
      config: { access: { permission: 'role:assign' } },
      schema: {
        tags: ['账户'],
        summary: '分配角色与所属单位',
        params: userIdParams,
        body: assignRoleRequest,
        response: { 200: userView },
      },
    },
    async (request) => assignRole(request.ctx, request.params.id, request.body),
  );
}
