// The example CDKTF app: synthesizes the stack into cdktf.out/stacks/workato (or under $CDKTF_OUTDIR).
import { App } from 'cdktf';
import { WorkatoOAuthProfilesStack } from './stack';

const app = new App();
new WorkatoOAuthProfilesStack(app, 'workato');
app.synth();
