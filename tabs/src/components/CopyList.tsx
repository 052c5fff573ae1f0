import { useState } from 'react';
import { Button, Text } from '@fluentui/react-components';
import { Copy16Regular } from '@fluentui/react-icons';
import { useI18n } from '../i18n.tsx';

/**
 * A button that copies a list of municipality names, one a line, so a consultant can paste it into
 * a mail; it says whether that worked, since a browser may refuse the clipboard.
 */
export function CopyList({ names, testId }: { names: readonly string[]; testId: string }) {
  const { s } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(names.join('\n'));
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <Button appearance="subtle" size="small" icon={<Copy16Regular />} onClick={copy} data-testid={testId}>
        {s.copyList}
      </Button>
      <Text role="status" size={200}>
        {state === 'copied' ? s.copied(names.length) : state === 'failed' ? s.copyFailed : ''}
      </Text>
    </>
  );
}
