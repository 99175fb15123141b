import { Space, Tag } from 'antd';
import { useText } from './i18n';

/** A deadline as the queues show it: the date, and a red tag once it has passed. */
export function DueOn({ dueOn, overdue }: { dueOn?: string | null; overdue: boolean }) {
  const t = useText();
  return (
    <Space>
      {dueOn}
      {overdue && <Tag color="red">{t('overdue')}</Tag>}
    </Space>
  );
}
