import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Space, Table, Tabs, Tag } from 'antd';
import { request, type Role } from '../api';
import { graphql } from '../generated';
import { useText } from '../i18n';
import { useAct, useQuery } from '../useQuery';
import { DueOn } from '../DueOn';

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
      note
      department {
        code
      }
    }
  }
`);
const OBJECTIONS = graphql(`
  query ObjectionQueue {
    objectionQueue {
      id
      coordinate
      recordId
      reason
      proposedValue
      raisedAt
      dueOn
      overdue
      raisedByDepartment {
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
const FIX = graphql(`
  mutation Fix($id: ID!, $note: String!) {
    fixQualityIssue(id: $id, note: $note) {
      id
      state
    }
  }
`);
const DISPUTE = graphql(`
  mutation Dispute($id: ID!, $reason: String!) {
    disputeQualityIssue(id: $id, reason: $reason) {
      id
      state
    }
  }
`);
const ANSWER = graphql(`
  mutation AnswerObjection($id: ID!, $input: ObjectionAnswerInput!) {
    answerObjection(id: $id, input: $input) {
      id
      status
    }
  }
`);

const STATE_COLOURS: Record<string, string> = { OPEN: 'red', ACKNOWLEDGED: 'orange', FIXED: 'blue', VERIFIED: 'green', DISPUTED: 'purple' };

/** A text the person must give before an action (a fix's note, a dispute's reason, an objection's answer). */
type Asking = { title: string; label: string; decide?: boolean; act: (text: string, corrected: boolean) => Promise<unknown> };

/**
 * Data quality: the department's quality issues (a steward's; administrators supervise them all), taken up,
 * fixed with a note or disputed with a reason; and the objections to its data, answered within working days.
 */
export function Quality({ role }: { role: Role }) {
  const t = useText();
  const { message } = App.useApp();
  const issues = useQuery(ISSUES);
  const objections = useQuery(OBJECTIONS, undefined, role !== 'STEWARD');
  const [asking, setAsking] = useState<Asking>();
  const [form] = Form.useForm<{ text: string; corrected: boolean }>();
  const steward = role === 'STEWARD';
  const run = useAct();
  if (issues.error) return <Alert type="error" title={issues.error.message} showIcon />;
  return (
    <Card title={t('quality')}>
      <Tabs
        items={[
          {
            key: 'issues',
            label: t('qualityIssues'),
            children: (
              <Table
                data-testid="quality-issues"
                rowKey="id"
                size="small"
                loading={issues.loading}
                dataSource={issues.data?.qualityIssues}
                columns={[
                  { title: 'rule', dataIndex: 'ruleCode' },
                  { title: 'dimension', dataIndex: 'dimension' },
                  { title: t('coordinate'), dataIndex: 'item' },
                  { title: t('departments'), render: (_, i) => i.department.code },
                  { title: t('status'), dataIndex: 'state', render: (s: string) => <Tag color={STATE_COLOURS[s]}>{s}</Tag> },
                  { title: t('records'), render: (_, i) => `${i.failed} / ${i.checked}` },
                  {
                    title: t('dueOn'),
                    render: (_, i) => <DueOn dueOn={i.dueOn} overdue={i.overdue} />,
                  },
                  {
                    render: (_, i) =>
                      steward && (i.state === 'OPEN' || i.state === 'ACKNOWLEDGED') ? (
                        <Space>
                          {i.state === 'OPEN' && (
                            <Button size="small" onClick={() => run(() => request(ACKNOWLEDGE, { id: i.id }), issues.reload)}>
                              {t('acknowledge')}
                            </Button>
                          )}
                          <Button
                            size="small"
                            type="primary"
                            onClick={() =>
                              setAsking({
                                title: `${t('fixed')} · ${i.ruleCode}`,
                                label: t('note'),
                                act: (note) => request(FIX, { id: i.id, note }).then(issues.reload),
                              })
                            }
                          >
                            {t('fixed')}
                          </Button>
                          <Button
                            size="small"
                            onClick={() =>
                              setAsking({
                                title: `${t('dispute')} · ${i.ruleCode}`,
                                label: t('reason'),
                                act: (reason) => request(DISPUTE, { id: i.id, reason }).then(issues.reload),
                              })
                            }
                          >
                            {t('dispute')}
                          </Button>
                        </Space>
                      ) : (
                        i.note
                      ),
                  },
                ]}
              />
            ),
          },
          ...(steward
            ? [
                {
                  key: 'objections',
                  label: t('objections'),
                  children: (
                    <Table
                      data-testid="objections"
                      rowKey="id"
                      size="small"
                      loading={objections.loading}
                      dataSource={objections.data?.objectionQueue}
                      columns={[
                        { title: t('coordinate'), dataIndex: 'coordinate' },
                        { title: 'record', dataIndex: 'recordId', ellipsis: true },
                        { title: t('reason'), dataIndex: 'reason' },
                        { title: '→', dataIndex: 'proposedValue' },
                        { title: t('departments'), render: (_, o) => o.raisedByDepartment.code },
                        {
                          title: t('dueOn'),
                          render: (_, o) => <DueOn dueOn={o.dueOn} overdue={o.overdue} />,
                        },
                        {
                          render: (_, o) => (
                            <Button
                              size="small"
                              type="primary"
                              onClick={() =>
                                setAsking({
                                  title: `${t('answer')} · ${o.coordinate}`,
                                  label: t('reason'),
                                  decide: true,
                                  act: (reason, corrected) =>
                                    request(ANSWER, { id: o.id, input: { decision: corrected ? 'CORRECTED' : 'REJECTED', reason } }).then(objections.reload),
                                })
                              }
                            >
                              {t('answer')}
                            </Button>
                          ),
                        },
                      ]}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!asking}
        title={asking?.title}
        destroyOnHidden
        onCancel={() => setAsking(undefined)}
        onOk={async () => {
          const { text, corrected } = await form.validateFields();
          try {
            await asking!.act(text.trim(), corrected);
            setAsking(undefined);
          } catch (e) {
            message.error((e as Error).message);
          }
        }}
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={{ corrected: true }}>
          {asking?.decide && (
            <Form.Item name="corrected">
              <Radio.Group
                options={[
                  { value: true, label: 'CORRECTED' },
                  { value: false, label: 'REJECTED' },
                ]}
              />
            </Form.Item>
          )}
          <Form.Item name="text" label={asking?.label} rules={[{ required: true, whitespace: true, max: 2000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
