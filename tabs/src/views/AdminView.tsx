import { MessageBar, MessageBarBody, MessageBarTitle, Text } from '@fluentui/react-components';
import { useI18n } from '../i18n.tsx';
import { useShared } from '../data.tsx';

/** Administration (KOMBIT staff only): a placeholder until the write APIs exist. */
export default function AdminView() {
  const { s } = useI18n();
  const { me } = useShared();
  if (!me.data?.isStaff) return <Text>{s.admin.staffOnly}</Text>;
  return (
    <section aria-labelledby="admin-heading">
      <Text as="h2" size={600} weight="semibold" id="admin-heading" block>
        {s.admin.title}
      </Text>
      <MessageBar intent="info" data-testid="admin-placeholder">
        <MessageBarBody>
          <MessageBarTitle>{s.admin.comingSoon}</MessageBarTitle>
          {s.admin.body}
        </MessageBarBody>
      </MessageBar>
    </section>
  );
}
