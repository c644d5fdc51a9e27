/** Nothing throws past a widget (DESIGN.md §8): this shows what failed and offers a reset. */
import { Component, type ComponentChildren } from 'preact';
import type { Translate } from './i18n';

interface Props {
  t: Translate;
  onReset: () => void;
  children: ComponentChildren;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  override componentDidCatch(error: Error) {
    this.setState({ error });
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const { t } = this.props;
    return (
      <div class="lab-error" role="alert">
        <p class="lab-error__title">{t('lab.error.title')}</p>
        <pre class="lab-error__message">{error.message}</pre>
        <button
          type="button"
          class="lab-btn"
          onClick={() => {
            this.setState({ error: null });
            this.props.onReset();
          }}
        >
          {t('lab.error.reset')}
        </button>
      </div>
    );
  }
}
