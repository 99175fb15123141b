import { Alert, App, Button, Card, Space, Table, Tag } from 'antd';
import { request, type Role } from '../api';
import { graphql } from '../generated';
import { useText } from '../i18n';
import { useQuery } from '../useQuery';

const ISSUES = graphql(`
  query QualityIssues {
    qualityIssues {
      id
      ruleCode
      dimension
      item
      state
      failed
      checked
      dueOn
      overdue
      department {
        code
      }
    }
  }
`);
const ACKNOWLEDGE = graphql(`
  mutation Acknowledge($id: ID!) {
    acknowledgeQualityIssue(id: $id) {
      id
      state
    }
  }
`);

/** Quality issues for the accountable department (a steward's), or all of them (administrators supervise). */
export function Quality({ role }: { role: Role }) {
  const t = useText();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useQuery(ISSUES);
  if (error) return <Alert type="error" title={error.message} showIcon />;
  return (
    <Card title={t('quality')}>
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.qualityIssues}
        columns={[
          { title: 'rule', dataIndex: 'ruleCode' },
          { title: 'dimension', dataIndex: 'dimension' },
          { title: t('coordinate'), dataIndex: 'item' },
          { title: t('departments'), render: (_, i) => i.department.code },
          { title: t('status'), dataIndex: 'state', render: (s: string) => <Tag>{s}</Tag> },
          { title: 'failed', render: (_, i) => `${i.failed} / ${i.checked}` },
          {
            title: t('dueOn'),
            render: (_, i) => (
              <Space>
                {i.dueOn}
                {i.overdue && <Tag color="red">{t('overdue')}</Tag>}
              </Space>
            ),
          },
          {
            render: (_, i) =>
              role === 'STEWARD' && i.state === 'OPEN' ? (
                <Button
                  size="small"
                  onClick={() =>
                    request(ACKNOWLEDGE, { id: i.id }).then(
                      () => reload(),
                      (e: Error) => message.error(e.message),
                    )
                  }
                >
                  acknowledge
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
