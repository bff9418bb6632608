// The example CDK Terrain (cdktn) app: synthesizes the stack into cdktf.out/stacks/workato (or
// under $CDKTF_OUTDIR). The same app as examples/cdktf; only the imports differ.
import { App } from 'cdktn';
import { WorkatoOAuthProfilesStack } from './stack';

// cdktn refuses write-only attributes (the Slack profile's secrets) unless the app targets
// Terraform >= 1.11. cdktn-cli reads this from cdktf.json's "targetVersions"; plain `node app.js`
// needs it here.
const app = new App({ context: { targetVersions: { terraform: '>=1.11.0' } } });
new WorkatoOAuthProfilesStack(app, 'workato');
app.synth();
