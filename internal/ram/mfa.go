package ram

import (
	"context"
	"strings"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// CreateVirtualMFADeviceInput holds CreateVirtualMFADevice's parameters.
type CreateVirtualMFADeviceInput struct {
	RequestID            string
	VirtualMFADeviceName string
}

// MFADeviceInput names a virtual MFA device by its serial number (DeleteVirtualMFADevice).
type MFADeviceInput struct {
	RequestID    string
	SerialNumber string
}

// BindMFADeviceInput holds BindMFADevice's parameters: two consecutive codes the device shows.
// UserName "" binds the device to the caller.
type BindMFADeviceInput struct {
	RequestID           string
	UserName            string
	SerialNumber        string
	AuthenticationCode1 string
	AuthenticationCode2 string
}

// mfaType is the Type RAM reports for a virtual MFA device.
const mfaType = "VMFA"

func mfaView(d store.VirtualMFADevice) MFADevice {
	return MFADevice{SerialNumber: d.SerialNumber, Type: mfaType, ActivateDate: d.ActivateDate}
}

// deviceName checks a SerialNumber parameter (acs:ram::<account>:mfa/<name>) and returns the
// device name; a serial number of another account names no device here.
func (s *Service) deviceName(serial string) (string, error) {
	if serial == "" {
		return "", missing("SerialNumber")
	}
	name, ok := strings.CutPrefix(serial, "acs:ram::"+s.accountID()+":mfa/")
	if !ok || checkName("SerialNumber", name, s.limits.MFADeviceNameLength, userNameChar) != nil {
		if strings.HasPrefix(serial, "acs:ram::") && strings.Contains(serial, ":mfa/") {
			return "", errNoMFADevice()
		}
		return "", badFormat("SerialNumber", "acs:ram::<account ID>:mfa/<device name>")
	}
	return name, nil
}

// CreateVirtualMFADevice creates a TOTP device and returns its seed, once (ram:CreateVirtualMFADevice
// on mfa/*). A RAM user may create one without a policy when AllowUserToManageMFADevices is on.
func (s *Service) CreateVirtualMFADevice(ctx context.Context, c *authz.Caller, in CreateVirtualMFADeviceInput) (NewVirtualMFADevice, error) {
	name := in.VirtualMFADeviceName
	if err := checkName("VirtualMFADeviceName", name, s.limits.MFADeviceNameLength, userNameChar); err != nil {
		return NewVirtualMFADevice{}, err
	}
	account := s.accountID()
	serial := serialNumber(account, name)
	seed, qr, err := newTOTPSeed(name + "@" + account)
	if err != nil {
		return NewVirtualMFADevice{}, errs.Wrap(err)
	}
	k := s.begin(c, "ram:CreateVirtualMFADevice", in.RequestID)
	k.Target = mfaARN(account, name)
	err = s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		self := false
		if c != nil && c.Type == authz.User {
			a, err := tx.GetAccount(ctx)
			if err != nil {
				return wrapf(err, "read account")
			}
			self = manageMFADevices(a.SecurityPreference)
		}
		if err := k.allowSelf(self, mfaARN(account, "*")); err != nil {
			return err
		}
		if _, err := tx.GetMFADevice(ctx, serial); !notFound(err) {
			if err != nil {
				return wrapf(err, "read MFA device %s", serial)
			}
			return errMFADeviceExists()
		}
		return s.storeMFADevice(ctx, tx, store.VirtualMFADevice{SerialNumber: serial, CreateDate: s.clock()}, seed)
	})
	if err != nil {
		return NewVirtualMFADevice{}, err
	}
	return NewVirtualMFADevice{SerialNumber: serial, Base32StringSeed: seed, QRCodePNG: qr}, nil
}

// storeMFADevice stores d, a new device, with seed sealed, within the account's limit of
// devices.
func (s *Service) storeMFADevice(ctx context.Context, tx store.Tx, d store.VirtualMFADevice, seed secrets.Secret) error {
	n, err := tx.CountMFADevices(ctx)
	if err != nil {
		return wrapf(err, "count MFA devices")
	}
	if n >= s.limits.MFADevices {
		return limitExceeded("LimitExceeded.VirtualMFADevice", "virtual MFA devices", s.limits.MFADevices)
	}
	d.SeedCiphertext = s.box.SealSecret(seed, d.SerialNumber)
	return tx.CreateMFADevice(ctx, d)
}

func errMFADeviceExists() error {
	return alreadyExists("EntityAlreadyExists.VirtualMFADevice", "The virtual MFA device does already EXIST.")
}

// ListVirtualMFADevices lists the account's virtual MFA devices with the users they are bound
// to (ram:ListVirtualMFADevices on mfa/*).
func (s *Service) ListVirtualMFADevices(ctx context.Context, c *authz.Caller, in Request) ([]MFADevice, error) {
	k := s.begin(c, "ram:ListVirtualMFADevices", in.RequestID)
	var out []MFADevice
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		if err := k.allow(mfaARN(s.accountID(), "*")); err != nil {
			return err
		}
		devices, _, err := r.ListMFADevices(ctx, store.Page{})
		if err != nil {
			return wrapf(err, "list MFA devices")
		}
		for _, d := range devices {
			v := mfaView(d)
			if d.UserID != "" {
				u, err := r.GetUser(ctx, d.UserID)
				if err != nil {
					return wrapf(err, "read user %s", d.UserID)
				}
				uv := userView(u)
				v.User = &uv
			}
			out = append(out, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteVirtualMFADevice deletes an unbound device (ram:DeleteVirtualMFADevice on the device);
// a bound one is DeleteConflict.VirtualMFADevice.User.
func (s *Service) DeleteVirtualMFADevice(ctx context.Context, c *authz.Caller, in MFADeviceInput) error {
	name, err := s.deviceName(in.SerialNumber)
	if err != nil {
		return err
	}
	k := s.begin(c, "ram:DeleteVirtualMFADevice", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		if err := k.allow(mfaARN(s.accountID(), name)); err != nil {
			return err
		}
		d, err := tx.GetMFADevice(ctx, in.SerialNumber)
		if notFound(err) {
			return errNoMFADevice()
		} else if err != nil {
			return wrapf(err, "read MFA device %s", in.SerialNumber)
		}
		if d.UserID != "" {
			return deleteConflict("DeleteConflict.VirtualMFADevice.User", "The virtual MFA device is still bound to a user.")
		}
		return tx.DeleteMFADevice(ctx, d.SerialNumber)
	})
}

func checkAuthCode(code string) error {
	if code == "" {
		return missing("AuthenticationCode")
	}
	if !digits(code, 6, 6) {
		return errs.E(errs.Invalid, "InvalidParameter.AuthenticationCode.Format", "The parameter - %q must be 6 digits.", "AuthenticationCode")
	}
	return nil
}

// BindMFADevice binds a device to a user once it shows two consecutive codes
// (ram:BindMFADevice on the user; users bind their own without a policy when
// AllowUserToManageMFADevices is on). Wrong codes are CheckAuthenticationCodeFail; codes
// already accepted for the device are refused too.
func (s *Service) BindMFADevice(ctx context.Context, c *authz.Caller, in BindMFADeviceInput) error {
	if err := s.checkKeyOwner(in.UserName); err != nil {
		return err
	}
	if _, err := s.deviceName(in.SerialNumber); err != nil {
		return err
	}
	for _, code := range []string{in.AuthenticationCode1, in.AuthenticationCode2} {
		if err := checkAuthCode(code); err != nil {
			return err
		}
	}
	k := s.begin(c, "ram:BindMFADevice", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		sub, err := k.subject(ctx, tx, in.UserName, false)
		if err != nil {
			return err
		}
		if err := k.allowSubject(ctx, tx, sub, manageMFADevices); err != nil {
			return err
		}
		d, err := tx.GetMFADevice(ctx, in.SerialNumber)
		if notFound(err) {
			return errNoMFADevice()
		} else if err != nil {
			return wrapf(err, "read MFA device %s", in.SerialNumber)
		}
		if d.UserID != "" {
			return alreadyExists("EntityAlreadyExists.VirtualMFADevice.User", "The virtual MFA device is already bound to a user.")
		}
		if _, err := tx.GetMFADeviceForUser(ctx, sub.user.ID); !notFound(err) {
			if err != nil {
				return wrapf(err, "read MFA device of user %s", sub.user.ID)
			}
			return alreadyExists("EntityAlreadyExists.User.MFADevice", "The user already has an MFA device bound.")
		}
		seed, err := s.box.OpenSecret(d.SeedCiphertext, d.SerialNumber)
		if err != nil {
			return wrapf(err, "decrypt the seed of MFA device %s", d.SerialNumber)
		}
		now := s.clock()
		step, err := consecutiveCodes(seed, now, in.AuthenticationCode1, in.AuthenticationCode2)
		if err != nil {
			return wrapf(err, "compute TOTP codes")
		}
		if step == 0 || step <= d.LastTimeStep {
			return errs.E(errs.Denied, "CheckAuthenticationCodeFail", "The MFA authentication codes are not valid.")
		}
		k.Detail = `{"SerialNumber":"` + d.SerialNumber + `"}`
		d.UserID, d.ActivateDate, d.LastTimeStep = sub.user.ID, now, step
		return tx.UpdateMFADevice(ctx, d)
	})
}

// userDevice authorizes the call on a user (the caller when name is "") and returns the device
// bound to it; EntityNotExist.User.MFADevice when none is.
func (k *call) userDevice(ctx context.Context, r store.Reader, name string) (store.VirtualMFADevice, error) {
	sub, err := k.subject(ctx, r, name, false)
	if err != nil {
		return store.VirtualMFADevice{}, err
	}
	if err := k.allowSubject(ctx, r, sub, manageMFADevices); err != nil {
		return store.VirtualMFADevice{}, err
	}
	d, err := r.GetMFADeviceForUser(ctx, sub.user.ID)
	if notFound(err) {
		return store.VirtualMFADevice{}, errNoUserMFADevice()
	} else if err != nil {
		return store.VirtualMFADevice{}, wrapf(err, "read MFA device of user %s", sub.user.ID)
	}
	return d, nil
}

// UnbindMFADevice unbinds a user's device and returns it (ram:UnbindMFADevice on the user;
// self service as BindMFADevice). The device stays, unbound, until deleted.
func (s *Service) UnbindMFADevice(ctx context.Context, c *authz.Caller, in UserInput) (MFADevice, error) {
	if err := s.checkKeyOwner(in.UserName); err != nil {
		return MFADevice{}, err
	}
	k := s.begin(c, "ram:UnbindMFADevice", in.RequestID)
	var out MFADevice
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		d, err := k.userDevice(ctx, tx, in.UserName)
		if err != nil {
			return err
		}
		out = mfaView(d)
		k.Detail = `{"SerialNumber":"` + d.SerialNumber + `"}`
		d.UserID, d.ActivateDate = "", time.Time{}
		return tx.UpdateMFADevice(ctx, d)
	})
	if err != nil {
		return MFADevice{}, err
	}
	return out, nil
}

// GetUserMFAInfo returns the device bound to a user (ram:GetUserMFAInfo on the user; self
// service as BindMFADevice).
func (s *Service) GetUserMFAInfo(ctx context.Context, c *authz.Caller, in UserInput) (MFADevice, error) {
	if err := s.checkKeyOwner(in.UserName); err != nil {
		return MFADevice{}, err
	}
	k := s.begin(c, "ram:GetUserMFAInfo", in.RequestID)
	var out MFADevice
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		d, err := k.userDevice(ctx, r, in.UserName)
		out = mfaView(d)
		return err
	})
	if err != nil {
		return MFADevice{}, err
	}
	return out, nil
}
