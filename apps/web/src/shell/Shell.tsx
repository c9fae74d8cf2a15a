import {
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  Loader,
  NavLink,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, Outlet } from 'react-router';
import { useAuth } from '../auth/auth';
import { may } from '../auth/permissions';
import { NotificationBell } from '../inbox/NotificationBell';
import { OfflineStatus } from '../offline/OfflineStatus';
import { LanguageSwitcher } from './LanguageSwitcher';

/** The frame of every screen: who is signed in, the language, logout, and the screens offered. */
export function Shell() {
  const { t } = useTranslation();
  const { session, logout } = useAuth();
  const [opened, { toggle }] = useDisclosure();
  const links = [
    { to: '/', label: t('nav.queue'), shown: true, end: true },
    { to: '/cases/new', label: t('nav.newCase'), shown: may(session, 'caseWriters'), end: true },
    { to: '/cases', label: t('nav.search'), shown: may(session, 'caseReaders'), end: true },
    {
      to: '/statistics',
      label: t('nav.statistics'),
      shown: may(session, 'caseReaders'),
      end: true,
    },
    { to: '/conversations', label: t('nav.conversations'), shown: true, end: false },
    { to: '/rules', label: t('nav.rules'), shown: may(session, 'ruleOwners'), end: true },
    {
      to: '/exchange',
      label: t('exchange.nav'),
      shown: may(session, 'caseImporters') || may(session, 'caseExporters'),
      end: true,
    },
    {
      to: '/admin/reference',
      label: t('referenceAdmin.nav'),
      shown: may(session, 'administrators'),
      end: true,
    },
    { to: '/admin/users', label: t('users.nav'), shown: may(session, 'userManagers'), end: true },
    { to: '/audit', label: t('audit.nav'), shown: may(session, 'auditors'), end: true },
    {
      to: '/persons',
      label: t('subjects.nav_persons'),
      shown: may(session, 'recordReaders'),
      end: true,
    },
    {
      to: '/companies',
      label: t('subjects.nav_companies'),
      shown: may(session, 'recordReaders'),
      end: true,
    },
    {
      to: '/conveyances',
      label: t('subjects.nav_conveyances'),
      shown: may(session, 'recordReaders'),
      end: true,
    },
  ];
  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('app.mainNavigation')}
            />
            <Title order={1} size="h3" data-testid="brand">
              {t('app.name')}
            </Title>
            <Text size="sm" c="dimmed" visibleFrom="md">
              {t('app.tagline')}
            </Text>
          </Group>
          <Group wrap="nowrap" data-testid="user">
            <Stack gap={0} align="flex-end">
              <Text size="sm" fw={600} data-testid="user-name">
                {session.name}
              </Text>
              <Text size="xs" c="dimmed" data-testid="user-office">
                {session.office ? t('app.office', { office: session.office }) : t('app.noOffice')}
              </Text>
            </Stack>
            <Group gap={4} aria-label={t('app.roles')} visibleFrom="sm">
              {session.roles.map((role) => (
                <Badge key={role} variant="light" size="sm">
                  {t(`roles.${role}`)}
                </Badge>
              ))}
            </Group>
            <OfflineStatus />
            <NotificationBell />
            <LanguageSwitcher />
            <Button variant="default" size="xs" onClick={() => void logout()}>
              {t('app.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar
        p="sm"
        component="nav"
        aria-label={t('app.mainNavigation')}
        data-testid="navbar"
      >
        {links
          .filter((link) => link.shown)
          .map((link) => (
            <NavLink
              key={link.to}
              component={RouterNavLink}
              to={link.to}
              end={link.end}
              label={link.label}
            />
          ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loader aria-label={t('app.loading')} />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
