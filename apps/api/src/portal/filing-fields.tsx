import { TextArea } from './components';
import type { FormState } from './forms';
import type { Lang } from './i18n';

/**
 * The free-text fields of a filing, the same whoever files (the tenant, an agent or a partner; only the
 * words differ): their limits are FileComplaintDto's.
 */
interface FilingTextProps {
  form: FormState;
  lang: Lang;
  label: string;
  hint: string;
}

export function DescriptionField(props: FilingTextProps) {
  return <TextArea name="description" {...props} required maxLength={5000} />;
}

export function AccessNotesField(props: FilingTextProps) {
  return <TextArea name="accessNotes" {...props} rows={2} maxLength={500} />;
}

/** A refusal of where the home is (the landlord, residence or agency code): the form shows it at the place. */
export const isPlaceField = (field: string): boolean =>
  field === 'landlordCode' || field === 'residenceCode' || field === 'agencyCode';
