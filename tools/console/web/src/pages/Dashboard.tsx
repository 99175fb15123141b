import { useMemo } from 'react';
import { Alert, Card, Col, Row, Statistic, Table } from 'antd';
import { graphql } from '../generated';
import type { EvaluationRowFragment } from '../generated/graphql';
import { Chart } from '../Chart';
import { useText } from '../i18n';
import { useQuery } from '../useQuery';

graphql(`
  fragment EvaluationRow on DepartmentEvaluation {
    department {
      code
      name
    }
    itemsOwned
    pending
    overdue
    late
    approved
    refused
    averageAnswerWorkingDays
  }
`);

const DASHBOARD = graphql(`
  query Dashboard {
    requestStatistics(days: 14) {
      day
      department
      scenario
      requests
      refused
      records
    }
    departmentEvaluation {
      ...EvaluationRow
    }
  }
`);

/** Sums `value` of rows by `key`, largest first. */
function totals<T>(rows: readonly T[], key: (row: T) => string, value: (row: T) => number): [string, number][] {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + value(row));
  return [...sums].sort((a, b) => b[1] - a[1]);
}

export function Dashboard() {
  const t = useText();
  const { data, error, loading } = useQuery(DASHBOARD);
  const stats = data?.requestStatistics ?? [];
  const byDay = useMemo(() => {
    const days = [...new Set(stats.map((s) => s.day))].sort();
    const sum = (day: string, pick: (s: (typeof stats)[number]) => number) => stats.filter((s) => s.day === day).reduce((n, s) => n + pick(s), 0);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('requests'), t('refusals')] },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value' },
      series: [
        { name: t('requests'), type: 'line', smooth: true, data: days.map((d) => sum(d, (s) => s.requests)) },
        { name: t('refusals'), type: 'bar', data: days.map((d) => sum(d, (s) => s.refused)), itemStyle: { color: '#cf1322' } },
      ],
    };
  }, [stats, t]);
  const bar = (pairs: [string, number][], name: string) => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 150, right: 16, top: 8, bottom: 24 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: pairs.map((p) => p[0]).reverse() },
    series: [{ name, type: 'bar', data: pairs.map((p) => p[1]).reverse() }],
  });
  const byDepartment = useMemo(
    () =>
      bar(
        totals(
          stats,
          (s) => s.department ?? '—',
          (s) => s.requests,
        ).slice(0, 10),
        t('requests'),
      ),
    [stats, t],
  );
  const byScenario = useMemo(
    () =>
      bar(
        totals(
          stats,
          (s) => s.scenario ?? '—',
          (s) => s.requests,
        ).slice(0, 10),
        t('requests'),
      ),
    [stats, t],
  );
  const evaluation = data?.departmentEvaluation ?? [];
  const sum = (pick: (e: (typeof evaluation)[number]) => number) => evaluation.reduce((n, e) => n + pick(e), 0);
  if (error) return <Alert type="error" title={error.message} showIcon />;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={12} md={6}>
        <Card loading={loading}>
          <Statistic title={t('requests')} value={stats.reduce((n, s) => n + s.requests, 0)} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card loading={loading}>
          <Statistic title={t('refusals')} value={stats.reduce((n, s) => n + s.refused, 0)} styles={{ content: { color: '#cf1322' } }} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card loading={loading}>
          <Statistic title={`${t('shareItems')} · ${t('pending')}`} value={sum((e) => e.pending)} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card loading={loading}>
          <Statistic
            title={`${t('overdue')} / ${t('late')}`}
            value={`${sum((e) => e.overdue)} / ${sum((e) => e.late)}`}
            styles={{ content: { color: sum((e) => e.overdue) ? '#cf1322' : undefined } }}
          />
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('requestsPerDay')} loading={loading}>
          <Chart option={byDay} label={t('requestsPerDay')} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('byDepartment')} loading={loading}>
          <Chart option={byDepartment} label={t('byDepartment')} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('byScenario')} loading={loading}>
          <Chart option={byScenario} label={t('byScenario')} />
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('evaluation')} loading={loading}>
          <EvaluationTable rows={evaluation} />
        </Card>
      </Col>
    </Row>
  );
}

/** The department evaluation, one row per department (the dashboard's, or a reviewer's own). */
export function EvaluationTable({ rows }: { rows: readonly EvaluationRowFragment[] }) {
  const t = useText();
  return (
    <Table
      size="small"
      rowKey={(r) => r.department.code}
      dataSource={rows}
      pagination={false}
      columns={[
        { title: t('departments'), render: (_, r) => `${r.department.code} ${r.department.name}` },
        { title: t('pending'), dataIndex: 'pending' },
        { title: t('overdue'), dataIndex: 'overdue', render: (v: number) => <span style={{ color: v ? '#cf1322' : undefined }}>{v}</span> },
        { title: t('late'), dataIndex: 'late' },
        { title: t('approve'), dataIndex: 'approved' },
        { title: t('refuse'), dataIndex: 'refused' },
        { title: 'Ø', dataIndex: 'averageAnswerWorkingDays', render: (v?: number | null) => (v == null ? '—' : v.toFixed(1)) },
      ]}
    />
  );
}
