package logto

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
)

// UpdateUser applies a patch with the Account API's calls: name, avatar,
// username and custom data in one PATCH (username needs the proof),
// profile fields in another, and email/phone through their verified
// records. It returns the profile as read afterwards.
func (a *MyAccount) UpdateUser(ctx context.Context, p UserPatch) (*User, error) {
	if err := validateUserPatch(p); err != nil {
		return nil, err
	}
	for _, c := range []struct {
		v    Nullable[string]
		kind string
	}{{p.PrimaryEmail, "email"}, {p.PrimaryPhone, "phone"}} {
		if c.v.Set && !c.v.Null && c.v.Value != "" {
			a.mu.Lock()
			rec := a.newIDs[c.kind+":"+c.v.Value]
			a.mu.Unlock()
			if rec == "" {
				return nil, &ValidationError{Field: "verificationCode", Reason: "must be checked first: send a code to the new address"}
			}
		}
	}
	cur := a.current()
	if cur == nil {
		var err error
		if cur, err = a.Me(ctx); err != nil {
			return nil, err
		}
	}
	body := map[string]any{}
	field := ""
	for _, f := range []struct {
		key  string
		v    Nullable[string]
		name string
	}{{"name", p.Name, FieldName}, {"avatar", p.Avatar, FieldAvatar}, {"username", p.Username, FieldUsername}} {
		if f.v.Set {
			body[f.key] = f.v
			field = f.name
		}
	}
	if p.CustomData.Set {
		cd := p.CustomData.Value
		if p.CustomData.Null || cd == nil {
			cd = map[string]any{}
		}
		body["customData"] = cd
		field = FieldCustomData
	}
	// The PATCH answers with the profile; a later call makes it stale.
	var latest *User
	if len(body) > 0 {
		var answer json.RawMessage
		if err := a.do(ctx, request{method: http.MethodPatch, path: "/api/my-account", body: body}, p.Username.Set, field, &answer); err != nil {
			return nil, err
		}
		var err error
		if latest, err = a.learn("PATCH", answer); err != nil {
			return nil, err
		}
	}
	if p.Profile.Set {
		latest = nil
		next := p.Profile.Value
		clearRemoved(&next, &cur.Profile)
		if err := a.do(ctx, request{method: http.MethodPatch, path: "/api/my-account/profile", body: next}, false, FieldProfile, nil); err != nil {
			return nil, err
		}
	}
	for _, c := range []struct {
		v           Nullable[string]
		kind, field string
	}{{p.PrimaryEmail, "email", FieldEmail}, {p.PrimaryPhone, "phone", FieldPhone}} {
		if !c.v.Set {
			continue
		}
		latest = nil
		path := "/api/my-account/primary-" + c.kind
		if c.v.Null || c.v.Value == "" {
			if err := a.do(ctx, request{method: http.MethodDelete, path: path}, true, c.field, nil); err != nil {
				return nil, err
			}
			continue
		}
		key := c.kind + ":" + c.v.Value
		a.mu.Lock()
		rec := a.newIDs[key]
		a.mu.Unlock()
		body := map[string]any{c.kind: c.v.Value, "newIdentifierVerificationRecordId": rec}
		if err := a.do(ctx, request{method: http.MethodPost, path: path, body: body}, true, c.field, nil); err != nil {
			return nil, err
		}
		a.mu.Lock()
		delete(a.newIDs, key)
		a.mu.Unlock()
	}
	if latest != nil {
		return latest, nil
	}
	return a.Me(ctx)
}

// clearRemoved turns fields set in old but nil in next into "" — the
// Account API merges the profile, so a field is cleared by sending "".
func clearRemoved(next, old *Profile) {
	nv, ov := reflect.ValueOf(next).Elem(), reflect.ValueOf(old).Elem()
	empty := ""
	for i := range nv.NumField() {
		if nv.Field(i).Type() != reflect.TypeOf(&empty) {
			continue
		}
		if nv.Field(i).IsNil() && !ov.Field(i).IsNil() && ov.Field(i).Elem().String() != "" {
			nv.Field(i).Set(reflect.ValueOf(&empty))
		}
	}
}

// UpdateProfile merges profile fields.
func (a *MyAccount) UpdateProfile(ctx context.Context, p Profile) (*Profile, error) {
	var out Profile
	err := a.do(ctx, request{method: http.MethodPatch, path: "/api/my-account/profile", body: p}, false, FieldProfile, &out)
	return &out, err
}

// UpdateCustomData merges keys into custom data. The Account API replaces
// custom data as a whole, so the current object is read first.
func (a *MyAccount) UpdateCustomData(ctx context.Context, d map[string]any) (map[string]any, error) {
	u, err := a.Me(ctx)
	if err != nil {
		return nil, err
	}
	merged := map[string]any{}
	for k, v := range u.CustomData {
		merged[k] = v
	}
	for k, v := range d {
		merged[k] = v
	}
	if err := a.do(ctx, request{method: http.MethodPatch, path: "/api/my-account", body: map[string]any{"customData": merged}},
		false, FieldCustomData, nil); err != nil {
		return nil, err
	}
	return merged, nil
}
