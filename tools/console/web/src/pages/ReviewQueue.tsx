import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Space, Table, Tabs, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { request } from '../api';
import { graphql } from '../generated';
import type { ReviewQueueQuery } from '../generated/graphql';
import { useText } from '../i18n';
import { useQuery } from '../useQuery';
import { EvaluationTable } from './Dashboard';
import { DueOn } from '../DueOn';

const QUEUE = graphql(`
  query ReviewQueue {
    reviewQueue {
      id
      coordinate
      sharing
      dueOn
      overdue
      request {
        id
        justification
        legalBasis
        submittedAt
        department {
          code
          name
        }
        scenario {
          code
          name
          purpose
        }
        submittedBy {
          person
        }
      }
    }
    reviewedShareItems(first: 50) {
      id
      coordinate
      status
      reason
      late
      answerWorkingDays
      grantExpiresAt
      request {
        scenario {
          code
        }
      }
      decidedBy {
        person
        official
      }
    }
    departmentEvaluation {
      ...EvaluationRow
    }
  }
`);

const DECIDE = graphql(`
  mutation Decide($id: ID!, $input: ShareDecisionInput!) {
    decideShareItem(id: $id, input: $input) {
      id
      status
    }
  }
`);

type QueueItem = ReviewQueueQuery['reviewQueue'][number];

/** A department reviewer's queue: its pending items, oldest due first, overdue ones in red; each approved (with an expiry) or refused (with a reason). */
export function ReviewQueue({ department }: { department: string }) {
  const t = useText();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useQuery(QUEUE);
  const [deciding, setDeciding] = useState<{ item: QueueItem; approve: boolean }>();
  const [form] = Form.useForm<{ reason?: string; expiresAt?: Dayjs }>();
  const decide = async () => {
    const { reason, expiresAt } = await form.validateFields();
    try {
      await request(DECIDE, {
        id: deciding!.item.id,
        input: { approve: deciding!.approve, reason: reason || null, grantExpiresAt: expiresAt?.toISOString() ?? null },
      });
      message.success(`${deciding!.item.coordinate}: ${deciding!.approve ? t('approve') : t('refuse')}`);
      setDeciding(undefined);
      form.resetFields();
      void reload();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  if (error) return <Alert type="error" title={error.message} showIcon />;
  const evaluation = (data?.departmentEvaluation ?? []).filter((e) => e.department.code === department);
  return (
    <Card title={`${t('reviewQueue')} · ${department}`}>
      <Tabs
        items={[
          {
            key: 'pending',
            label: `${t('pending')} (${data?.reviewQueue.length ?? 0})`,
            children: (
              <Table
                rowKey="id"
                size="small"
                loading={loading}
                dataSource={data?.reviewQueue}
                rowClassName={(i) => (i.overdue ? 'overdue' : '')}
                onRow={(i) => ({ style: i.overdue ? { background: '#fff1f0' } : undefined })}
                expandable={{
                  expandedRowRender: (i) => (
                    <Descriptions size="small" column={1}>
                      <Descriptions.Item label={t('justification')}>{i.request.justification}</Descriptions.Item>
                      <Descriptions.Item label={t('legalBasis')}>{i.request.legalBasis}</Descriptions.Item>
                      <Descriptions.Item label={t('scenario')}>{i.request.scenario.purpose}</Descriptions.Item>
                    </Descriptions>
                  ),
                }}
                columns={[
                  { title: t('coordinate'), dataIndex: 'coordinate' },
                  { title: t('scenario'), render: (_, i) => `${i.request.scenario.code} ${i.request.scenario.name}` },
                  { title: t('departments'), render: (_, i) => i.request.department.name },
                  { title: t('person'), render: (_, i) => i.request.submittedBy.person ?? '—' },
                  {
                    title: t('dueOn'),
                    render: (_, i) => <DueOn dueOn={i.dueOn} overdue={i.overdue} />,
                  },
                  {
                    title: t('decision'),
                    render: (_, i) => (
                      <Space>
                        <Button size="small" type="primary" onClick={() => setDeciding({ item: i, approve: true })}>
                          {t('approve')}
                        </Button>
                        <Button size="small" danger onClick={() => setDeciding({ item: i, approve: false })}>
                          {t('refuse')}
                        </Button>
                      </Space>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'decided',
            label: t('decision'),
            children: (
              <Table
                rowKey="id"
                size="small"
                dataSource={data?.reviewedShareItems}
                columns={[
                  { title: t('coordinate'), dataIndex: 'coordinate' },
                  { title: t('scenario'), render: (_, i) => i.request.scenario.code },
                  { title: t('status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'APPROVED' ? 'green' : 'red'}>{s}</Tag> },
                  { title: t('reason'), dataIndex: 'reason' },
                  { title: t('person'), render: (_, i) => i.decidedBy?.person ?? i.decidedBy?.official ?? '—' },
                  { title: t('grantExpiresAt'), dataIndex: 'grantExpiresAt' },
                  { title: t('late'), dataIndex: 'late', render: (late: boolean) => (late ? <Tag color="orange">{t('late')}</Tag> : null) },
                ]}
              />
            ),
          },
          { key: 'evaluation', label: t('evaluation'), children: <EvaluationTable rows={evaluation} /> },
        ]}
      />
      <Modal
        open={!!deciding}
        title={deciding && `${deciding.approve ? t('approve') : t('refuse')} · ${deciding.item.coordinate}`}
        onOk={decide}
        okText={deciding?.approve ? t('approve') : t('refuse')}
        okButtonProps={{ danger: deciding && !deciding.approve }}
        onCancel={() => setDeciding(undefined)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {deciding?.approve ? (
            <Form.Item name="expiresAt" label={t('grantExpiresAt')}>
              <DatePicker showTime style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          <Form.Item name="reason" label={t('reason')} rules={deciding?.approve ? [] : [{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
