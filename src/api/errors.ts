/**
 * Error codes of the HTTP contract: one enum, one code → status table, one default Chinese message each.
 * The server raises them, the web client displays them; nothing else decides a status.
 */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PASSWORD_CHANGE_REQUIRED',
  'MFA_REQUIRED',
  'MFA_ENROLMENT_REQUIRED',
  'CSRF_INVALID',
  'NOT_FOUND',
  'VALIDATION',
  'CONFLICT',
  'VERSION_CONFLICT',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'BUSY',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ERROR_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  MFA_REQUIRED: 401,
  MFA_ENROLMENT_REQUIRED: 403,
  CSRF_INVALID: 403,
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  BUSY: 503,
  INTERNAL: 500,
};

export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '无权进行此操作',
  PASSWORD_CHANGE_REQUIRED: '请先修改初始密码',
  MFA_REQUIRED: '请输入动态验证码完成登录',
  MFA_ENROLMENT_REQUIRED: '您的角色须启用双因素认证，请先绑定动态验证码',
  CSRF_INVALID: '页面已过期，请刷新后重试',
  NOT_FOUND: '未找到',
  VALIDATION: '输入有误',
  CONFLICT: '与已有数据冲突',
  VERSION_CONFLICT: '该记录已被他人修改，请刷新后再试',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  PAYLOAD_TOO_LARGE: '上传内容过大',
  BUSY: '数据库正忙（可能正在导入台账或恢复备份），本次操作未保存，请稍后重试',
  INTERNAL: '服务器内部错误，请稍后重试',
};

/** The body of every error response. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: { path: string; message: string }[];
    requestId?: string;
  };
}
