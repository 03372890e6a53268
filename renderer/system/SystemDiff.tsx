import type { SystemFileEdit } from '../../common/contract/system';
import { DiffFigure } from '../ui/DiffView';

/** The exact lines the helper will write to one system file (as the preview computed them). */
export function SystemDiff({ edit }: { edit: SystemFileEdit }) {
  const badges = [...(edit.created ? ['new file (root, mode 644)'] : []), ...(edit.deleted ? ['file removed'] : [])];
  return <DiffFigure file={edit.file} diff={edit.diff} badges={badges} />;
}
