import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../../src/config/load.ts';
import { issueFor, noFiles, problems } from './fixtures.ts';

const APP_ID = '0b9d2c1e-5a4f-4c3b-9e8d-7f6a5b4c3d2e';
const TENANT = '11111111-2222-4333-8444-555555555555';
const PEM =
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----';
const base = { TEAMS_APP_ID: APP_ID, TEAMS_TENANT_ID: TENANT, COUNTERSIGN_IDENTITY_MODE: 'email' };

void describe('Teams settings', () => {
  void test('default to the public cloud endpoints and Graph', () => {
    const teams = loadConfig({ ...base, TEAMS_APP_PASSWORD: 'p' }, noFiles).teams;
    assert.equal(teams?.graphUrl, 'https://graph.microsoft.com/v1.0');
    assert.deepEqual(teams?.endpoints, {
      loginUrl: 'https://login.microsoftonline.com',
      openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      tokenIssuer: 'https://api.botframework.com',
      oauthScope: 'https://api.botframework.com',
    });
  });

  void test('a certificate stands in for the password', () => {
    const teams = loadConfig({ ...base, TEAMS_CERTIFICATE: PEM }, noFiles).teams;
    assert.equal(teams?.certificate, PEM);
    assert.equal(teams?.appPassword, undefined);
  });

  void test('a certificate read from a file counts as given', () => {
    const files = (path: string): string => {
      assert.equal(path, '/run/secrets/teams.pem');
      return `${PEM}\n`;
    };
    const teams = loadConfig({ ...base, TEAMS_CERTIFICATE_FILE: '/run/secrets/teams.pem' }, files).teams;
    assert.equal(teams?.certificate, PEM);
  });

  void test('neither password nor certificate names both ways out', () => {
    assert.match(issueFor(problems(base), 'TEAMS_APP_PASSWORD'), /TEAMS_CERTIFICATE/);
  });

  void test('a PEM without a private key is refused without echoing it', () => {
    const only = '-----BEGIN CERTIFICATE-----\nsecret-ish\n-----END CERTIFICATE-----';
    const message = issueFor(problems({ ...base, TEAMS_CERTIFICATE: only }), 'TEAMS_CERTIFICATE');
    assert.match(message, /private key/);
    assert.ok(!message.includes('secret-ish'));
  });

  void test('a managed identity takes no certificate', () => {
    const msi = problems({ ...base, TEAMS_APP_TYPE: 'UserAssignedMSI', TEAMS_CERTIFICATE: PEM });
    assert.match(issueFor(msi, 'TEAMS_CERTIFICATE'), /managed identity/);
  });

  void test('endpoints may point elsewhere; the login must be https', () => {
    const teams = loadConfig(
      {
        ...base,
        TEAMS_APP_PASSWORD: 'p',
        TEAMS_GRAPH_URL: 'http://127.0.0.1:4100/v1.0/',
        TEAMS_OPENID_METADATA_URL: 'http://127.0.0.1:4101/openid',
        TEAMS_TOKEN_ISSUER: 'https://issuer.test',
      },
      noFiles,
    ).teams;
    assert.equal(teams?.graphUrl, 'http://127.0.0.1:4100/v1.0');
    assert.equal(teams?.endpoints.openIdMetadataUrl, 'http://127.0.0.1:4101/openid');
    assert.equal(teams?.endpoints.tokenIssuer, 'https://issuer.test');
    const insecure = problems({ ...base, TEAMS_APP_PASSWORD: 'p', TEAMS_LOGIN_URL: 'http://login.test' });
    assert.match(issueFor(insecure, 'TEAMS_LOGIN_URL'), /https/);
  });

  void test('the tenant allow-list defaults to TEAMS_TENANT_ID, lower-cased', () => {
    const teams = loadConfig(
      { ...base, TEAMS_TENANT_ID: TENANT.toUpperCase(), TEAMS_APP_PASSWORD: 'p' },
      noFiles,
    ).teams;
    assert.deepEqual(teams?.allowedTenants, [TENANT]);
  });

  void test('MultiTenant without a tenant allow-list is a config error (issue 15 item 7)', () => {
    const multi = {
      TEAMS_APP_ID: APP_ID,
      TEAMS_APP_TYPE: 'MultiTenant',
      TEAMS_APP_PASSWORD: 'p',
      COUNTERSIGN_IDENTITY_MODE: 'email',
    };
    assert.match(
      issueFor(problems(multi), 'TEAMS_ALLOWED_TENANTS'),
      /required when TEAMS_APP_TYPE is MultiTenant without TEAMS_TENANT_ID/,
    );
    const other = '22222222-3333-4444-8555-666666666666';
    const listed = loadConfig({ ...multi, TEAMS_ALLOWED_TENANTS: `${TENANT}, ${other}` }, noFiles).teams;
    assert.deepEqual(listed?.allowedTenants, [TENANT, other]);
    assert.equal(listed?.tenantId, undefined);
    assert.deepEqual(loadConfig({ ...multi, TEAMS_TENANT_ID: TENANT }, noFiles).teams?.allowedTenants, [
      TENANT,
    ]);
  });

  void test('a tenant named by domain needs the allow-list by ID; the list takes GUIDs only', () => {
    const domain = { ...base, TEAMS_TENANT_ID: 'contoso.onmicrosoft.com', TEAMS_APP_PASSWORD: 'p' };
    assert.match(
      issueFor(problems(domain), 'TEAMS_ALLOWED_TENANTS'),
      /TEAMS_TENANT_ID is a domain \(contoso\.onmicrosoft\.com\)/,
    );
    assert.deepEqual(
      loadConfig({ ...domain, TEAMS_ALLOWED_TENANTS: TENANT }, noFiles).teams?.allowedTenants,
      [TENANT],
    );
    assert.match(
      issueFor(
        problems({ ...base, TEAMS_APP_PASSWORD: 'p', TEAMS_ALLOWED_TENANTS: 'contoso.com' }),
        'TEAMS_ALLOWED_TENANTS',
      ),
      /"contoso\.com" is not an Entra tenant ID/,
    );
  });
});
