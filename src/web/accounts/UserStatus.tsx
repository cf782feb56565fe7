import { Space, Tag } from 'antd';
import type { UserView } from '../../api/users.ts';

export function UserStatus({ user }: { user: UserView }) {
  return (
    <Space size={4} wrap>
      {user.disabled ? <Tag color="default">已停用</Tag> : <Tag color="success">正常</Tag>}
      {user.locked && <Tag color="red">已锁定</Tag>}
      {user.mustChangePassword && <Tag color="orange">待改初始密码</Tag>}
    </Space>
  );
}
