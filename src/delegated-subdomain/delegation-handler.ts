// The code of a DelegatedSubdomain's delegation function, inline (a
// CloudFormation ZipFile, at most 4,096 characters): no file asset, so that
// the stack can be delivered where assets cannot (StackSets). It runs on a
// Node.js runtime with the AWS SDK v3 that the runtime bundles.
//
// What it writes is fixed by its own configuration, never by the event:
//   ZONE_ID, ZONE_NAME        the child zone (its name servers and DS value are
//                             read from it: route53:GetHostedZone, GetDNSSEC)
//   PARENT_ZONE_ID            the parent zone, or '' to look it up by
//   PARENT_ZONE_NAME          name through the delegation role
//   ROLE_ARN                  the parent's delegation role
//   NS_TTL                    the NS record's TTL
//   DS_TTL, KSK_NAME          with DNSSEC only: the DS record's TTL and the
//                             key-signing key whose DS value is written
// The event chooses only the request type and the record type (NS, or DS when
// DNSSEC is configured). Its other properties (ParentZone, ZoneId, ZoneName,
// Ttl, DelegationRoleArn) repeat the configuration, so that CloudFormation sends an
// update when it changes; they must equal it. An update whose properties do not
// (a rollback reaching the function before its configuration is rolled back)
// changes nothing. A delete of a record of another configuration changes
// nothing either: this function can reach its own parent only.
//
// Physical id: `<parent id or name>|<zone name>|<type>`. A change of parent
// zone is refused: the function can no longer reach the old parent to remove
// the old record, and a record left there would outlive the zone.

/** The handler's source, `index.js` of the function (handler `index.handler`). */
export const DELEGATION_HANDLER_CODE = `const R=require('@aws-sdk/client-route53'),S=require('@aws-sdk/client-sts'),https=require('https');
const E=process.env;
exports.handler=async(ev)=>{
  let id=ev.PhysicalResourceId,status='SUCCESS',reason;
  try{id=await run(ev);}catch(e){status='FAILED';reason=String(e&&e.message||e).slice(0,1000);console.log(reason);}
  await respond(ev,status,reason,id||'none');
};
async function run(ev){
  const p=ev.ResourceProperties||{},type=p.RecordType;
  if(type!=='NS'&&!(type==='DS'&&E.KSK_NAME))throw new Error('record type '+type+' is not delegated by this function');
  const mine=[E.PARENT_ZONE_ID||E.PARENT_ZONE_NAME,E.ZONE_NAME,type].join('|');
  if(ev.RequestType==='Delete'){
    if(ev.PhysicalResourceId!==mine)return ev.PhysicalResourceId;
    await change('DELETE',type);return mine;
  }
  const ttl=type==='DS'?E.DS_TTL:E.NS_TTL;
  const same=p.ParentZone===(E.PARENT_ZONE_ID||E.PARENT_ZONE_NAME)&&p.ZoneId===E.ZONE_ID&&p.ZoneName===E.ZONE_NAME&&String(p.Ttl)===ttl&&p.DelegationRoleArn===E.ROLE_ARN;
  if(!same){
    if(ev.RequestType==='Update')return ev.PhysicalResourceId;
    throw new Error('the resource properties do not match the function configuration');
  }
  if(ev.RequestType==='Update'&&ev.PhysicalResourceId!==mine)throw new Error('the record cannot move from '+ev.PhysicalResourceId+' to '+mine+': remove the delegation first, then add it with the new parent');
  await change('UPSERT',type);return mine;
}
async function change(action,type){
  const r53=new R.Route53Client({});
  const z=await r53.send(new R.GetHostedZoneCommand({Id:E.ZONE_ID}));
  if(z.HostedZone.Name!==E.ZONE_NAME+'.')throw new Error('zone '+E.ZONE_ID+' is not '+E.ZONE_NAME);
  let values=z.DelegationSet.NameServers;
  if(type==='DS'){
    const d=await r53.send(new R.GetDNSSECCommand({HostedZoneId:E.ZONE_ID}));
    const k=(d.KeySigningKeys||[]).find((k)=>k.Name===E.KSK_NAME);
    if(!k||!k.DSRecord)throw new Error('no DS record for the key-signing key '+E.KSK_NAME);
    values=[k.DSRecord];
  }
  const c=(await new S.STSClient({}).send(new S.AssumeRoleCommand({RoleArn:E.ROLE_ARN,RoleSessionName:'dns-delegation-'+Date.now()}))).Credentials;
  const parent=new R.Route53Client({credentials:{accessKeyId:c.AccessKeyId,secretAccessKey:c.SecretAccessKey,sessionToken:c.SessionToken}});
  let pid=E.PARENT_ZONE_ID;
  if(!pid){
    const l=await parent.send(new R.ListHostedZonesByNameCommand({DNSName:E.PARENT_ZONE_NAME}));
    const found=(l.HostedZones||[]).filter((h)=>h.Name===E.PARENT_ZONE_NAME+'.'&&!(h.Config&&h.Config.PrivateZone));
    if(found.length!==1)throw new Error('found '+found.length+' public zones named '+E.PARENT_ZONE_NAME);
    pid=found[0].Id.replace('/hostedzone/','');
  }
  const rrs={Name:E.ZONE_NAME,Type:type,TTL:Number(type==='DS'?E.DS_TTL:E.NS_TTL),ResourceRecords:values.map((v)=>({Value:v}))};
  try{await parent.send(new R.ChangeResourceRecordSetsCommand({HostedZoneId:pid,ChangeBatch:{Changes:[{Action:action,ResourceRecordSet:rrs}]}}));}
  catch(e){if(action==='DELETE'&&e.name==='InvalidChangeBatch'&&/not found/.test(e.message))return;throw e;}
}
function respond(ev,Status,Reason,PhysicalResourceId){
  const body=JSON.stringify({Status,Reason:Reason||'OK',PhysicalResourceId,StackId:ev.StackId,RequestId:ev.RequestId,LogicalResourceId:ev.LogicalResourceId,Data:{}});
  const u=new URL(ev.ResponseURL);
  return new Promise((ok,ko)=>{
    const q=https.request({hostname:u.hostname,path:u.pathname+u.search,method:'PUT',headers:{'content-type':'','content-length':Buffer.byteLength(body)}},(r)=>{r.resume();r.on('end',ok);});
    q.on('error',ko);q.end(body);
  });
}
`;
