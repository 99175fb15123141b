import { useEffect, useState } from 'react';
import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import { providers, signIn, type Session } from '../api';
import { useText } from '../i18n';

export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const t = useText();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [oidc, setOidc] = useState<{ name: string } | null>(null);
  useEffect(() => {
    providers().then(
      (p) => setOidc(p.oidc),
      () => {},
    );
  }, []);
  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: '12vh' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={4}>{t('title')}</Typography.Title>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} role="alert" />}
        <Form
          layout="vertical"
          onFinish={async ({ username, password }: { username: string; password: string }) => {
            setBusy(true);
            setError(undefined);
            try {
              onSignedIn(await signIn(username, password));
            } catch (e) {
              setError((e as Error).message);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="username" label={t('username')} rules={[{ required: true }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn')}
          </Button>
        </Form>
        {oidc && (
          <>
            <Divider />
            <Button block href="/console/oidc/login">
              {t('signInWith', { name: oidc.name })}
            </Button>
          </>
        )}
      </Card>
    </div>
  );
}
